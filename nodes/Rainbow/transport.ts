import { shorten } from '../../credentials/common/errors';
import { header, looksLikeHtml, type FullResponse } from '../../credentials/common/http-response';
import { RAINBOW_DEFAULT_BASE_URL } from '../../credentials/rainbow/constants';
import { rainbowCode, rainbowService } from '../../credentials/rainbow/rainbow-service';
import { apiRequest, type Api, type ApiCall, type RequestContext } from '../shared/transport';

/** Rainbow's error body, and the envelope some answers come in: `{code, message, data}`. */
interface RainbowBody {
	code?: unknown;
	message?: unknown;
	data?: unknown;
}

function asObject(body: unknown): RainbowBody {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as RainbowBody) : {};
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
	if (looksLikeHtml(text)) return 'the server answered with an HTML page instead of JSON (check the Base URL)';
	if (text.trim() !== '' && !isJsonAnswer(response)) return `the server answered with text instead of JSON: ${shorten(text, 120)}`;
	return `request failed with HTTP ${response.statusCode}`;
}

/**
 * Rainbow's API: success is a 2xx JSON answer whose `code`, if any, is 0 (a non-zero code is an error
 * even in a 2xx); the data comes back bare, unwrapped from a `{code: 0, data}` envelope.
 */
export const rainbowApi: Api = {
	name: 'Rainbow',
	service: rainbowService,
	defaultBaseUrl: RAINBOW_DEFAULT_BASE_URL,
	// Rainbow's "too many requests" is code 42900, whatever the HTTP status.
	isRateLimited: (response) => response.statusCode === 429 || rainbowCode(response.body) === 42900,
	read(response) {
		const body = asObject(response.body);
		const code = body.code;
		const codeIsOk = code === undefined || code === null || rainbowCode(body) === 0;
		const ok = response.statusCode >= 200 && response.statusCode < 300;
		const empty = response.body === undefined || response.body === null || response.body === '';
		if (ok && empty) return { ok: true, value: null };
		if (ok && codeIsOk && isJsonAnswer(response)) {
			return { ok: true, value: code !== undefined && code !== null && 'data' in body ? body.data : response.body };
		}
		return {
			ok: false,
			error: {
				message: failureMessage(response, body),
				code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
			},
		};
	},
};

/** The one place the Rainbow node sends requests; answers the unwrapped data. */
export async function rainbowRequest(context: RequestContext, call: ApiCall, itemIndex: number): Promise<unknown> {
	return await apiRequest(context, rainbowApi, call, itemIndex);
}
