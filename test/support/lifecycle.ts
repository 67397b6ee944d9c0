import { inspect } from 'node:util';
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { FullResponse } from '../../credentials/common/http-response';
import type { ServiceSettings, TokenService } from '../../credentials/common/token-service';
import { exinOneService } from '../../credentials/exinone/exinone-service';
import { rainbowService } from '../../credentials/rainbow/rainbow-service';
import { sendWithToken } from '../../nodes/shared/transport';
import { credentialTypes } from './credential-types';
import { CredentialStore, createExecuteContext } from './n8n-context';

const services: Record<string, TokenService> = { mixinKeystoreApi: exinOneService, rainbowApi: rainbowService };
export type TokenCredentialName = 'mixinKeystoreApi' | 'rainbowApi';

/** One n8n execution's context over the store; a new one stands for a new execution. */
export function execution(store: CredentialStore, type: TokenCredentialName, id = 'cred-1') {
	return createExecuteContext({ store, credentialTypes, credentials: { [type]: id } });
}

/** Our own nodes' path: renew before a known expiry, retry once on 401. */
export async function ownRequest(
	store: CredentialStore,
	type: TokenCredentialName,
	build: (settings: ServiceSettings) => IHttpRequestOptions,
): Promise<FullResponse> {
	return await sendWithToken(execution(store, type), services[type], build);
}

/**
 * n8n's `httpRequestWithAuthentication` with a predefined credential type, as declarative nodes and the
 * credential test use it: n8n's own 401 → renew → retry only.
 */
export async function httpRequestNodePath(store: CredentialStore, type: TokenCredentialName, options: IHttpRequestOptions) {
	const context = execution(store, type);
	return await context.helpers.httpRequestWithAuthentication.call(context, type, options);
}

/**
 * The path n8n 2.41's HTTP Request node (v3/v4) takes with a predefined credential type: the deprecated
 * `requestWithAuthentication`, which asks the credential for a new token after *any* failed request
 * and resends once.
 */
export async function legacyHttpRequestNodePath(
	store: CredentialStore,
	type: TokenCredentialName,
	options: { method: 'GET' | 'POST'; uri: string; qs?: Record<string, unknown>; json?: boolean },
) {
	const context = execution(store, type);
	return await context.helpers.requestWithAuthentication.call(context, type, { json: true, ...options } as never, undefined, 0);
}

/** Moves this process's clock (Date.now) forward; the simulators keep their own clocks. */
export function advanceLocalClock(ms: number): void {
	const base = Date.now();
	jest.spyOn(Date, 'now').mockReturnValue(base + ms);
}

/** Resolves once `condition` holds, checked every 10 ms; fails after 10 s, naming what it waited for. */
export async function until(condition: () => boolean, what: string): Promise<void> {
	for (let waited = 0; !condition(); waited += 10) {
		if (waited >= 10_000) throw new Error(`waited 10 s for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export async function captureError(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a failure');
}

/** Everything an error could show or log: message, description, stack, cause chain, own properties. */
export function everythingIn(error: unknown): string {
	return `${inspect(error, { depth: 8, showHidden: true })} ${JSON.stringify(error, Object.getOwnPropertyNames(error as object))}`;
}

export function bearerOf(request: { headers: Record<string, string | string[] | undefined> }): string | undefined {
	const value = request.headers.authorization;
	const text = Array.isArray(value) ? value[0] : value;
	return text?.replace(/^Bearer /, '');
}
