import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { requestWithToken, type FullResponse } from '../../credentials/common/authenticated-request';
import { RAINBOW_DEFAULT_BASE_URL } from '../../credentials/common/constants';
import { shorten } from '../../credentials/common/errors';
import { apiBase, apiError, header, sendWithRetry } from '../shared/http';

export interface RainbowCall {
	method: IHttpRequestMethods;
	/** Path with the `/v1` prefix, e.g. `/v1/mints/12`. */
	path: string;
	qs?: IDataObject;
	/** JSON body: an object, or an array (the sponsor whitelist takes the bare list). */
	body?: IDataObject | string[];
	/** A multipart body, built anew for each attempt: a sent FormData stream cannot be sent again. */
	form?: () => FormData;
}

/** Rainbow's error body, and the envelope some answers come in: `{code, message, data}`. */
interface RainbowBody {
	code?: unknown;
	message?: unknown;
	data?: unknown;
}

const base = (url: unknown) => apiBase(url, RAINBOW_DEFAULT_BASE_URL);

function asObject(body: unknown): RainbowBody {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as RainbowBody) : {};
}

function numericCode(code: unknown): number | undefined {
	const value = typeof code === 'string' && code.trim() !== '' ? Number(code) : code;
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Unauthenticated: HTTP 401, or a code of the 401xx family (40101 invalid JWT, 40104 expired…) in any status. */
export function isRefused(response: FullResponse): boolean {
	const code = numericCode(asObject(response.body).code);
	return response.statusCode === 401 || (code !== undefined && Math.floor(code / 100) === 401);
}

function isJsonAnswer(response: FullResponse): boolean {
	if (/json/i.test(header(response, 'content-type') ?? '')) return true;
	// Parsed already (n8n parses JSON whatever the content type says).
	return response.body !== null && typeof response.body === 'object';
}

function failureMessage(response: FullResponse, body: RainbowBody): string {
	const message = typeof body.message === 'string' && body.message.trim() !== '' ? body.message.trim() : '';
	const detail = typeof body.data === 'string' && body.data.trim() !== '' && body.data.trim() !== message ? body.data.trim() : '';
	if (message) return detail ? `${message}: ${detail}` : message;
	if (detail) return detail;
	const text = typeof response.body === 'string' ? response.body : '';
	if (/^\s*</.test(text)) return 'the server answered with an HTML page instead of JSON (check the Base URL)';
	if (text.trim() !== '' && !isJsonAnswer(response)) return `the server answered with text instead of JSON: ${shorten(text, 120)}`;
	return `request failed with HTTP ${response.statusCode}`;
}

/**
 * The one place the Rainbow node sends requests, with the credential's token (renewed ahead of a known
 * expiry and once more on a refusal) and bounded retries of GETs. Success is a 2xx JSON answer whose
 * `code`, if any, is 0; the data comes back bare, unwrapped from a `{code: 0, data}` envelope.
 */
export async function rainbowRequest(fn: IExecuteFunctions, call: RainbowCall, itemIndex: number): Promise<unknown> {
	const send = async () =>
		await requestWithToken(
			fn,
			'rainbowApi',
			(credentials) => ({
				method: call.method,
				url: `${base(credentials.baseUrl)}${call.path}`,
				qs: call.qs,
				body: call.form ? call.form() : call.body,
				json: true,
			}),
			isRefused,
		);
	const response = await sendWithRetry(call.method, send);
	const body = asObject(response.body);
	const code = body.code;
	const codeIsOk = code === undefined || code === null || numericCode(code) === 0;
	const ok = response.statusCode >= 200 && response.statusCode < 300;
	const empty = response.body === undefined || response.body === null || response.body === '';
	if (ok && empty) return null;
	if (ok && codeIsOk && isJsonAnswer(response)) {
		return code !== undefined && code !== null && 'data' in body ? body.data : response.body;
	}
	throw apiError(
		fn,
		'Rainbow',
		response,
		{
			message: failureMessage(response, body),
			code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
		},
		itemIndex,
	);
}
