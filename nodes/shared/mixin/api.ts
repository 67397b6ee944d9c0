import { NodeOperationError, type IDataObject, type IHttpRequestMethods, type INode } from 'n8n-workflow';

import { looksLikeHtml, type FullResponse } from '../../../credentials/common/http-response';
import { learnServerClock } from '../../../credentials/common/server-clock';
import { MIXIN_API_CREDENTIAL, mixinApiSettings, type MixinApiSettings } from '../../../credentials/mixin/mixin-api';
import { apiError, asNodeError, timeoutError, unknownOutcomeError, type SentCall } from '../errors';
import { isTimeout, mayHaveArrived, sendWithRetry } from '../retry';
import type { RequestContext } from '../transport';

/**
 * The Mixin API as the nodes call it: every request signed by the Mixin API credential (its
 * `authenticate`), sent through n8n's `httpRequestWithAuthentication`, with the package's bounded
 * retries and the service's errors as node errors. Mixin answers `{data}` on success and
 * `{error: {status, code, description, extra}}` on failure, mostly with HTTP 202.
 */

export const MIXIN = 'Mixin';

export interface MixinCall extends SentCall {
	method: IHttpRequestMethods;
	/** Path under the API base, e.g. `/safe/outputs`. */
	path: string;
	qs?: IDataObject;
	body?: unknown;
	/**
	 * The service answers a repeat the same as the first (a key derived from a hint, a request ID it
	 * keeps): sent again after a dropped connection or a 5xx, like a read.
	 */
	idempotent?: boolean;
}

/** Mixin's error body. */
export interface MixinError {
	status?: number;
	code?: number;
	description: string;
	extra?: unknown;
}

export type MixinAnswer = { ok: true; data: unknown } | { ok: false; error: MixinError };

export function readMixinAnswer(response: FullResponse): MixinAnswer {
	const body = response.body && typeof response.body === 'object' ? (response.body as { data?: unknown; error?: Partial<MixinError> }) : {};
	if (response.statusCode >= 200 && response.statusCode < 300 && body.error === undefined && 'data' in body) {
		return { ok: true, data: body.data };
	}
	const error = body.error && typeof body.error === 'object' ? body.error : {};
	const description =
		typeof error.description === 'string' && error.description !== ''
			? error.description
			: looksLikeHtml(response.body)
				? 'the server answered with an HTML page instead of JSON (check the Base URL)'
				: `request failed with HTTP ${response.statusCode}`;
	return { ok: false, error: { status: error.status, code: typeof error.code === 'number' ? error.code : Number(error.code) || undefined, description, extra: error.extra } };
}

/** "Too many requests": HTTP 429, or Mixin's code 429 in its error body. */
function isRateLimited(response: FullResponse): boolean {
	if (response.statusCode === 429) return true;
	const answer = readMixinAnswer(response);
	return !answer.ok && answer.error.code === 429;
}

/** What to check for Mixin's codes a user can act on. */
const CHECKS: Record<number, string> = {
	401: "Mixin refused the request's signature: check the Keystore of the Mixin API credential (an active session of the bot) and this machine's clock.",
	403: 'Mixin refused access: check that the keystore is the bot\'s own and that it may use this endpoint.',
	404: 'Mixin has no such record: check the ID.',
	10404: 'The recipient has not registered with Mixin\'s Safe network (the Sequencer): it cannot receive Safe transfers yet.',
	20117: 'The bot does not hold enough of the asset.',
};

/** One Mixin API client for an item: the credential's settings, and requests through n8n. */
export class MixinClient {
	private constructor(
		readonly context: RequestContext,
		readonly settings: MixinApiSettings,
		readonly itemIndex: number,
		readonly timeout: number,
	) {}

	static async open(context: RequestContext, itemIndex: number, timeout: number): Promise<MixinClient> {
		if (!context.getNode().credentials?.[MIXIN_API_CREDENTIAL]) {
			throw new NodeOperationError(context.getNode(), 'This operation needs a Mixin API credential, and none is selected', {
				description: 'Select or create a Mixin API credential in the node.',
				itemIndex,
			});
		}
		try {
			const data = await context.getCredentials(MIXIN_API_CREDENTIAL, itemIndex);
			return new MixinClient(context, mixinApiSettings(data), itemIndex, timeout);
		} catch (error) {
			throw asNodeError(context.getNode(), error, itemIndex);
		}
	}

	get node(): INode {
		return this.context.getNode();
	}

	/** Sends a call and returns the full answer, whatever it says; a transport failure throws n8n's error. */
	async send(call: MixinCall): Promise<FullResponse> {
		const attempt = async () => {
			const url = `${this.settings.baseUrl}${call.path}`;
			const response = (await this.context.helpers.httpRequestWithAuthentication.call(this.context, MIXIN_API_CREDENTIAL, {
				method: call.method,
				url,
				qs: call.qs,
				body: call.body === undefined ? undefined : JSON.stringify(call.body),
				headers: call.body === undefined ? undefined : { 'Content-Type': 'application/json' },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				timeout: call.timeout ?? this.timeout,
			})) as FullResponse;
			learnServerClock(url, response);
			return response;
		};
		return await sendWithRetry(call.method, attempt, isRateLimited, call.idempotent);
	}

	/**
	 * Sends a call and returns its `data`; a refusal becomes the item's node error with Mixin's own
	 * description and code. A write that may have been done says so (see `unknownOutcomeError`).
	 */
	async call(call: MixinCall): Promise<unknown> {
		const write = call.method !== 'GET' && !call.idempotent;
		const response = await this.send(call).catch((error: unknown) => {
			if (isTimeout(error)) throw timeoutError(this.node, MIXIN, { ...call, method: write ? call.method : 'GET', timeout: call.timeout ?? this.timeout }, this.itemIndex);
			if (write && mayHaveArrived(error)) throw unknownOutcomeError(this.node, MIXIN, call, 'the connection was closed before an answer to {call}', this.itemIndex);
			throw asNodeError(this.node, error, this.itemIndex);
		});
		const answer = readMixinAnswer(response);
		if (answer.ok) return answer.data;
		throw this.error(response, answer.error, call);
	}

	/** The node error of a refusal. */
	error(response: FullResponse, error: MixinError, call: MixinCall): Error {
		if (call.method !== 'GET' && !call.idempotent && response.statusCode >= 500) {
			return unknownOutcomeError(this.node, MIXIN, call, `the server answered HTTP ${response.statusCode} (${error.description}) to {call}`, this.itemIndex, {
				httpCode: String(response.statusCode),
			});
		}
		const failure = apiError(this.node, MIXIN, response, { message: error.description, code: error.code, details: error.extra as IDataObject }, this.itemIndex);
		const check = error.code !== undefined ? CHECKS[error.code] : undefined;
		if (check) failure.description = check;
		return failure;
	}
}
