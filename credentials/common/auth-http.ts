import { sleep, type IDataObject, type IHttpRequestMethods, type IHttpRequestOptions } from 'n8n-workflow';

import { AUTH_BACKOFF_MS, AUTH_MAX_RETRY_WAIT_MS, AUTH_REQUEST_TIMEOUT_MS, AUTH_RETRIES } from './constants';
import { CredentialError, redactSecrets, shorten } from './errors';
import { header, looksLikeHtml, redirectTarget, retryAfterMs, type FullResponse } from './http-response';
import { learnServerClock } from './server-clock';

/**
 * Connection failures worth another try. A timeout is not one: the server is slow or the host
 * unreachable, and waiting the whole timeout again only delays the error.
 */
const RETRYABLE_TRANSPORT = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN']);

/** `this.helpers.httpRequest` as n8n hands it to `preAuthentication` (and nodes have it too). */
export type HttpRequester = (options: IHttpRequestOptions) => Promise<unknown>;

/** Who is asking, for messages: "Rainbow login", "ExinOne login", "Rainbow token refresh". */
export interface AuthCallContext {
	/** E.g. "Rainbow login". */
	action: string;
	/** What the user should check when the service refuses, e.g. the credential's field names. */
	check: string;
	/** Values that must never appear in a message (app secret…). */
	secrets: string[];
}

export interface AuthAnswer {
	status: number;
	/** Parsed JSON, or the text when the answer was not JSON. */
	body: unknown;
	isJson: boolean;
	isHtml: boolean;
	/** Offset of the server's clock (Date header) from ours, in ms; 0 when unknown. */
	clockOffsetMs: number;
	/** Our clock when the answer arrived. */
	receivedAt: number;
}

/** Why a request got no answer, in words (Node's error codes would make n8n print a generic text). */
function transportFailure(error: unknown): string {
	const code = String((error as { code?: unknown })?.code ?? '');
	const message = String((error as Error)?.message ?? '');
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
		return `no answer within ${AUTH_REQUEST_TIMEOUT_MS / 1000} s`;
	}
	if (code === 'ECONNREFUSED') return 'the connection was refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name could not be resolved';
	if (code === 'ECONNRESET' || code === 'EPIPE') return 'the connection was closed before an answer';
	if (/CERT|SSL|TLS/i.test(code)) return 'the server\'s TLS certificate was not accepted';
	// Anything else (e.g. n8n refusing a domain the credential does not allow): its own words,
	// minus Node error codes.
	return message ? shorten(message.replace(/\bE[A-Z_]{4,}\b/g, '').trim()) : 'the request failed';
}

/**
 * How the credential's own requests (login, refresh, token check) are sent: every answer comes back
 * whatever its status, and a redirect is not followed — it would turn the login POST into a GET, or
 * re-post the secret to another host.
 */
export const ANSWER_AS_IS = {
	json: true,
	returnFullResponse: true,
	ignoreHttpStatusErrors: true,
	disableFollowRedirect: true,
	timeout: AUTH_REQUEST_TIMEOUT_MS,
} as const;

export interface AuthRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
	headers?: IDataObject;
}

function isRetryableTransport(error: unknown): boolean {
	const code = String((error as { code?: unknown })?.code ?? '');
	const message = String((error as Error)?.message ?? '');
	return RETRYABLE_TRANSPORT.has(code) || /socket hang up/i.test(message);
}

/** One attempt: the answer, whatever its status; redirects are not followed. */
async function attempt(http: HttpRequester, request: AuthRequest): Promise<FullResponse> {
	return (await http({
		method: request.method,
		url: request.url,
		body: request.body,
		headers: { Accept: 'application/json', ...request.headers },
		...ANSWER_AS_IS,
	})) as FullResponse;
}

/**
 * Sends a login or refresh request and returns the answer whatever its status. A login or refresh is
 * idempotent, so a 429, a 5xx or a dropped connection is retried a bounded number of times with
 * backoff (honouring Retry-After); `build` makes the request anew for each attempt (a Mixin token is
 * never sent twice). A request that got no answer at all throws, naming the URL and what to check; so
 * does a redirect, which is never followed.
 */
export async function sendAuthRequest(
	http: HttpRequester,
	build: AuthRequest | (() => AuthRequest | Promise<AuthRequest>),
	context: AuthCallContext,
): Promise<AuthAnswer> {
	for (let retry = 0; ; retry++) {
		const request = typeof build === 'function' ? await build() : build;
		const canRetry = retry < AUTH_RETRIES;
		const sent = await attempt(http, request).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in sent) {
			if (canRetry && isRetryableTransport(sent.error)) {
				await sleep(AUTH_BACKOFF_MS * 2 ** retry);
				continue;
			}
			// Deliberately a new error without `cause`: the request's error carries the request body (the
			// secret). preAuthentication has no node to build a NodeApiError with; n8n wraps this one.
			throw new CredentialError(
				`${context.action} failed: ${redactSecrets(transportFailure(sent.error), context.secrets)} (${request.url}).`,
				{ description: 'Check the Base URL of the credential and that n8n can reach that host.' },
			);
		}
		const { response } = sent;
		const receivedAt = Date.now();
		const status = response.statusCode;
		if (status >= 300 && status < 400) {
			throw new CredentialError(
				`${context.action} failed: ${request.url} redirects (HTTP ${status}) to ${redirectTarget(response, request.url)}.`,
				{ description: 'Set the Base URL field of the credential to the API\'s own address; redirects are not followed, so that the secret never goes elsewhere.' },
			);
		}
		if (canRetry && (status === 429 || status >= 500)) {
			const wait = retryAfterMs(response) ?? AUTH_BACKOFF_MS * 2 ** retry;
			if (wait <= AUTH_MAX_RETRY_WAIT_MS) {
				await sleep(wait);
				continue;
			}
		}
		return readAnswer(request.url, response, receivedAt);
	}
}

function readAnswer(url: string, response: FullResponse, receivedAt: number): AuthAnswer {
	const contentType = header(response, 'content-type') ?? '';
	let body = response.body;
	let isJson = typeof body === 'object' && body !== null;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string' && !isJson) {
		try {
			body = JSON.parse(body);
			isJson = true;
		} catch {
			// not JSON: kept as text
		}
	}
	const isHtml = !isJson && looksLikeHtml(String(body), contentType);
	return {
		status: response.statusCode,
		body,
		isJson,
		isHtml,
		clockOffsetMs: learnServerClock(url, response, receivedAt) ?? 0,
		receivedAt,
	};
}

/** Error for an answer that is not the expected success, with the server's own message. */
export function answerError(
	answer: AuthAnswer,
	context: AuthCallContext,
	serverMessage: string | undefined,
	serverCode?: string | number,
): CredentialError {
	const status = `HTTP ${answer.status}`;
	if (!answer.isJson) {
		const what = answer.isHtml ? 'an HTML page' : 'text that is not JSON';
		return new CredentialError(`${context.action} failed: the server answered ${status} with ${what}.`, {
			description: 'Check the Base URL of the credential: it should point at the API, not a web page.',
		});
	}
	const detail = [status, serverCode !== undefined && serverCode !== '' ? `code ${serverCode}` : '']
		.filter(Boolean)
		.join(', ');
	const said = serverMessage ? `: ${shorten(redactSecrets(serverMessage, context.secrets))}` : '';
	if (answer.status >= 500 || answer.status === 429) {
		const why = answer.status === 429 ? 'is rate-limiting requests' : 'had an internal error';
		return new CredentialError(`${context.action} failed: the service ${why} (${detail})${said}.`, {
			description: 'This is on the service side; try again later.',
		});
	}
	return new CredentialError(`${context.action} was refused (${detail})${said}.`, {
		description: context.check,
		refused: true,
	});
}

/**
 * An absolute expiry the server gave (its clock, ms) moved to our clock, so a skewed clock does not
 * make us keep a dead token or drop a good one.
 */
export function toLocalTime(serverTimeMs: number, answer: AuthAnswer): number {
	return serverTimeMs - answer.clockOffsetMs;
}
