import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { requestWithToken, type FullResponse } from '../../credentials/common/authenticated-request';
import { EXINONE_DEFAULT_BASE_URL } from '../../credentials/common/constants';
import { apiBase, apiError, sendWithRetry } from '../shared/http';

export interface ExinOneCall {
	method: IHttpRequestMethods;
	/** Path under the API base, e.g. `/users/me`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** Public endpoints need no token (and cause no login). */
	public?: boolean;
	/** For public endpoints: an API base that overrides the credential's (or the default). */
	baseUrl?: string;
}

/** ExinOne's envelope: `{code, success, message, data, timestampMs}` (+ `meta` on lists). */
export interface ExinOneEnvelope {
	code?: string | number;
	success?: boolean;
	message?: string;
	data?: unknown;
	meta?: { total?: number; count?: number; perPage?: number; currentPage?: number; nextLink?: string | null };
}

const base = (url: unknown) => apiBase(url, EXINONE_DEFAULT_BASE_URL);

function envelope(response: FullResponse): ExinOneEnvelope {
	const body = response.body;
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as ExinOneEnvelope) : {};
}

/** An unauthenticated answer: HTTP 401, or the envelope's code 401 inside another status. */
function isRefused(response: FullResponse): boolean {
	const { success, code } = envelope(response);
	return response.statusCode === 401 || (success === false && String(code) === '401');
}

/** The API base of the attached credential, or the default one when a public call has none. */
async function publicBaseUrl(fn: IExecuteFunctions): Promise<string> {
	if (!fn.getNode().credentials?.mixinKeystoreApi) return base(undefined);
	return base((await fn.getCredentials('mixinKeystoreApi')).baseUrl);
}

async function sendPublic(fn: IExecuteFunctions, call: ExinOneCall, url: string): Promise<FullResponse> {
	return (await fn.helpers.httpRequest({
		method: call.method,
		url,
		qs: call.qs,
		body: call.body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as FullResponse;
}

/**
 * The one place the ExinOne node sends requests. Success is decided on the envelope's `success`
 * (its `code` is sometimes "0", sometimes 0, and errors may come with any HTTP status).
 */
export async function exinOneRequest(fn: IExecuteFunctions, call: ExinOneCall, itemIndex: number): Promise<ExinOneEnvelope> {
	let send: () => Promise<FullResponse>;
	if (call.public) {
		const url = `${call.baseUrl ? base(call.baseUrl) : await publicBaseUrl(fn)}${call.path}`;
		send = async () => await sendPublic(fn, call, url);
	} else {
		send = async () =>
			await requestWithToken(
				fn,
				'mixinKeystoreApi',
				(credentials) => ({
					method: call.method,
					url: `${base(credentials.baseUrl)}${call.path}`,
					qs: call.qs,
					body: call.body,
					json: true,
				}),
				isRefused,
			);
	}
	const response = await sendWithRetry(call.method, send);
	const answer = envelope(response);
	if (response.statusCode >= 200 && response.statusCode < 300 && answer.success === true) return answer;
	const message =
		typeof answer.message === 'string' && answer.message !== ''
			? answer.message
			: typeof response.body === 'string' && /^\s*</.test(response.body)
				? 'the server answered with an HTML page instead of JSON (check the Base URL)'
				: `request failed with HTTP ${response.statusCode}`;
	const details = answer.data && typeof answer.data === 'object' && !Array.isArray(answer.data) ? (answer.data as IDataObject) : undefined;
	const fieldErrors = details
		? Object.entries(details)
				.map(([field, value]) => `${field}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
				.join('; ')
		: '';
	throw apiError(fn, 'ExinOne', response, { message: fieldErrors ? `${message} (${fieldErrors})` : message, code: answer.code, details }, itemIndex);
}
