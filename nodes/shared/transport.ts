import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import { redirectTarget, type FullResponse } from '../../credentials/common/http-response';
import { resolveCredential } from '../../credentials/common/token-credential';
import type { ServiceSettings, TokenService } from '../../credentials/common/token-service';
import { STALE_TOKEN_FIELD, TOKEN_FIELD, readStoredToken, tokenState } from '../../credentials/common/token-session';
import { apiError, asNodeError, timeoutError, unknownOutcomeError, type ServiceError } from './errors';
import { isIdempotent, isTimeout, mayHaveArrived, sendWithRetry } from './retry';

/**
 * The one request path of the package's nodes: the credential's token (renewed ahead of a known
 * expiry, and once more on a refusal), bounded retries of reads, and the service's errors as node
 * errors. A node describes its API once (`Api`) and sends `ApiCall`s.
 */

export type RequestContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** How one API's answers read: the value of a success, or what the service said. */
export type ApiAnswer = { ok: true; value: unknown } | { ok: false; error: ServiceError };

export interface Api {
	/** Prefix of error messages: "Rainbow: …". */
	name: string;
	/** The token service of the credential the API is called with. */
	service: TokenService;
	/** The API base for calls without a credential. */
	defaultBaseUrl: string;
	read(response: FullResponse): ApiAnswer;
	/** An answer that says "too many requests": not processed, so safe to send again (any method). */
	isRateLimited(response: FullResponse): boolean;
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** Path under the API base, e.g. `/users/me`. */
	path: string;
	qs?: IDataObject;
	/** JSON body: an object, or a bare list. */
	body?: IDataObject | unknown[];
	/** A multipart body, built anew for each attempt: a sent FormData stream cannot be sent again. */
	form?: () => FormData;
	/** A public endpoint: sent without a token (and causing no login). */
	public?: boolean;
	/** For public calls: an API base that overrides the credential's (or the default). */
	baseUrl?: string;
	/** How long to wait for the answer, in ms. */
	timeout?: number;
}

/** The credential data with the token blanked, so n8n runs `preAuthentication` (and persists its result). */
function withTokenBlanked(data: ICredentialDataDecryptedObject, staleToken: string): ICredentialDataDecryptedObject {
	return { ...data, [TOKEN_FIELD]: '', [STALE_TOKEN_FIELD]: staleToken };
}

/**
 * Sends a request with the credential's token through n8n's own `httpRequestWithAuthentication`, but
 * renews the token *before* sending when its stored expiry has passed or it was issued for other
 * settings, so no request leaves with a token known to be dead. A refusal renews the token once more
 * (never handing back the one just refused) and resends. Every answer is returned, whatever its
 * status: callers map errors themselves.
 *
 * `build` makes the request from the credential's checked settings, anew for each attempt: a
 * multipart body cannot be sent twice.
 */
export async function sendWithToken<S extends ServiceSettings>(
	context: RequestContext,
	service: TokenService<S>,
	build: (settings: S) => IHttpRequestOptions,
): Promise<FullResponse> {
	const name = service.credentialName;
	const details = context.getNode().credentials?.[name];
	if (!details) {
		throw new NodeOperationError(context.getNode(), 'This operation needs a credential, and none is selected', {
			description: `Select or create a ${service.displayName} credential in the node.`,
		});
	}
	const stored = await context.getCredentials(name);
	const { settings, fingerprint } = resolveCredential(service, stored);
	const token = readStoredToken(stored);
	const credentialsDecrypted = {
		id: details.id ?? '',
		name: details.name,
		type: name,
		data: tokenState(token, fingerprint) === 'valid' ? { ...stored } : withTokenBlanked(stored, token.token),
	};

	const send = async () =>
		(await context.helpers.httpRequestWithAuthentication.call(
			context,
			name,
			{ ...build(settings), returnFullResponse: true, ignoreHttpStatusErrors: true },
			{ credentialsDecrypted },
		)) as FullResponse;

	const response = await send();
	if (!service.isRefused(response)) return response;
	// n8n wrote the token it used into `credentialsDecrypted.data`: that is the one that was refused.
	const refused = String(credentialsDecrypted.data[TOKEN_FIELD] ?? '');
	credentialsDecrypted.data = withTokenBlanked(credentialsDecrypted.data, refused);
	return await send();
}

/** A Base URL field's value (or the default) without trailing slashes; paths are appended to it. */
function apiBase(url: unknown, fallback: string): string {
	return (typeof url === 'string' && url.trim() !== '' ? url.trim() : fallback).replace(/\/+$/, '');
}

/** A public call: no token. The API base is the call's, else the attached credential's, else the default. */
async function sendPublic(context: RequestContext, api: Api, call: ApiCall): Promise<FullResponse> {
	let base = call.baseUrl;
	if (!base && context.getNode().credentials?.[api.service.credentialName]) {
		base = (await context.getCredentials(api.service.credentialName)).baseUrl as string | undefined;
	}
	return (await context.helpers.httpRequest({
		method: call.method,
		url: `${apiBase(base, api.defaultBaseUrl)}${call.path}`,
		qs: call.qs,
		body: call.body as IHttpRequestOptions['body'],
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		timeout: call.timeout,
	})) as FullResponse;
}

/**
 * Sends one call of an API and returns the value of its answer; a failure becomes the node error of
 * the item, with the service's own message and code. Redirects are not followed (a Base URL that
 * redirects is a wrong Base URL, and the token must not travel on).
 */
export async function apiRequest(context: RequestContext, api: Api, call: ApiCall, itemIndex: number): Promise<unknown> {
	const send = call.public
		? async () => await sendPublic(context, api, call)
		: async () =>
				await sendWithToken(context, api.service, (settings) => ({
					method: call.method,
					url: `${settings.baseUrl}${call.path}`,
					qs: call.qs,
					body: (call.form ? call.form() : call.body) as IHttpRequestOptions['body'],
					json: true,
					disableFollowRedirect: true,
					timeout: call.timeout,
				}));
	const write = !isIdempotent(call.method);
	const response = await sendWithRetry(call.method, send, (answer) => api.isRateLimited(answer)).catch((error: unknown) => {
		if (isTimeout(error)) throw timeoutError(context.getNode(), api.name, call, itemIndex);
		if (write && mayHaveArrived(error)) {
			throw unknownOutcomeError(context.getNode(), api.name, call, 'the connection was closed before an answer to {call}', itemIndex);
		}
		throw asNodeError(context.getNode(), error, itemIndex);
	});
	if (response.statusCode >= 300 && response.statusCode < 400) {
		const target = redirectTarget(response, call.path);
		const message = `the server redirects to ${target}: check the Base URL of the credential (redirects are not followed)`;
		throw apiError(context.getNode(), api.name, response, { message }, itemIndex);
	}
	const answer = api.read(response);
	if (answer.ok) return answer.value;
	if (write && response.statusCode >= 500) {
		// A server error may come after the work was done (a proxy's 502, a crash while answering).
		const code = answer.error.code !== undefined && answer.error.code !== '' ? `, code ${answer.error.code}` : '';
		const why = `the server answered HTTP ${response.statusCode} (${answer.error.message}${code}) to {call}`;
		throw unknownOutcomeError(context.getNode(), api.name, call, why, itemIndex, { httpCode: String(response.statusCode) });
	}
	throw apiError(context.getNode(), api.name, response, answer.error, itemIndex);
}
