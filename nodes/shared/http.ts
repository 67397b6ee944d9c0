import { NodeApiError, sleep, type IDataObject, type IExecuteFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

import type { FullResponse } from '../../credentials/common/authenticated-request';

/** Retries of an idempotent request (GET) after a 429, a 5xx or a dropped connection. */
export const MAX_RETRIES = 3;
/** First backoff; doubled on each retry. */
export const BACKOFF_BASE_MS = 1000;
/** A Retry-After longer than this is not waited for: the error says when to try again instead. */
export const MAX_RETRY_WAIT_MS = 30_000;

const RETRYABLE_TRANSPORT = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED']);

/** A credential's Base URL (or the service's default) without trailing slashes; paths are appended to it. */
export function apiBase(url: unknown, fallback: string): string {
	return (typeof url === 'string' && url.trim() !== '' ? url.trim() : fallback).replace(/\/+$/, '');
}

export function header(response: FullResponse, name: string): string | undefined {
	const value = response.headers?.[name.toLowerCase()] ?? response.headers?.[name];
	return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in ms (seconds or an HTTP date), if the answer has one. */
export function retryAfterMs(response: FullResponse, now = Date.now()): number | undefined {
	const value = header(response, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function isRetryableStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

/** A connection-level failure n8n wrapped; never a login failure (retrying a refused login only repeats it). */
function isRetryableTransportError(error: unknown): boolean {
	const cause = (error as { cause?: { code?: string; name?: string } })?.cause;
	if (!cause || cause.name === 'CredentialError') return false;
	return RETRYABLE_TRANSPORT.has(String(cause.code ?? ''));
}

/**
 * Sends `attempt` and, for idempotent methods only, retries after 429, 5xx or a dropped connection
 * with exponential backoff that honours Retry-After. Writes are sent exactly once: resending a mint or
 * a transfer blindly could do it twice.
 */
export async function sendWithRetry(
	method: IHttpRequestMethods,
	attempt: () => Promise<FullResponse>,
): Promise<FullResponse> {
	const idempotent = method === 'GET' || method === 'HEAD';
	for (let retry = 0; ; retry++) {
		const canRetry = idempotent && retry < MAX_RETRIES;
		let response: FullResponse;
		try {
			response = await attempt();
		} catch (error) {
			// Already a NodeApiError: n8n's request helpers wrap what they throw.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			if (!canRetry || !isRetryableTransportError(error)) throw error;
			await sleep(BACKOFF_BASE_MS * 2 ** retry);
			continue;
		}
		if (!canRetry || !isRetryableStatus(response.statusCode)) return response;
		const wait = retryAfterMs(response) ?? BACKOFF_BASE_MS * 2 ** retry;
		if (wait > MAX_RETRY_WAIT_MS) return response;
		await sleep(wait);
	}
}

export interface ServiceError {
	message: string;
	code?: string | number;
	details?: IDataObject;
}

/**
 * The error a node shows for a failed call: the service's own message and code, the HTTP status, and
 * what to check.
 */
export function apiError(
	fn: IExecuteFunctions,
	service: string,
	response: FullResponse,
	error: ServiceError,
	itemIndex: number,
): NodeApiError {
	const status = response.statusCode;
	const code = error.code !== undefined && error.code !== '' ? ` (code ${error.code})` : '';
	let description = `HTTP ${status}`;
	if (status === 401 || status === 403) {
		description += ': the token was refused even after renewing it. Check the credential and its Base URL.';
	} else if (status === 429) {
		const wait = retryAfterMs(response);
		description += `: rate limited${wait !== undefined ? `; try again in ${Math.ceil(wait / 1000)} s` : ''}.`;
	} else if (status >= 500) {
		description += ': the service had an internal error; try again later.';
	}
	return new NodeApiError(
		fn.getNode(),
		{ message: error.message, code: error.code ?? null, httpCode: String(status), details: error.details ?? null } as JsonObject,
		{ message: `${service}: ${error.message}${code}`, description, httpCode: String(status), itemIndex },
	);
}
