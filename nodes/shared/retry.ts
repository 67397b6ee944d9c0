import { sleep, type IHttpRequestMethods } from 'n8n-workflow';

import { header, type FullResponse } from '../../credentials/common/http-response';

/** Retries of an idempotent request (GET) after a 429, a 5xx or a dropped connection. */
export const MAX_RETRIES = 3;
/** First backoff; doubled on each retry. */
export const BACKOFF_BASE_MS = 1000;
/** A Retry-After longer than this is not waited for: the error says when to try again instead. */
export const MAX_RETRY_WAIT_MS = 30_000;

const RETRYABLE_TRANSPORT = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED']);

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
