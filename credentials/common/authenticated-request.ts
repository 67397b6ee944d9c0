import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { exinOneFingerprint, readExinOneSettings } from './exinone-auth';
import { rainbowFingerprint, readRainbowSettings } from './rainbow-auth';
import { STALE_TOKEN_FIELD, TOKEN_FIELD, readStoredToken, tokenState } from './token-session';

export type TokenCredentialName = 'mixinKeystoreApi' | 'rainbowApi';

const fingerprints: Record<TokenCredentialName, (data: ICredentialDataDecryptedObject) => string> = {
	mixinKeystoreApi: (data) => exinOneFingerprint(readExinOneSettings(data)),
	rainbowApi: (data) => rainbowFingerprint(readRainbowSettings(data)),
};

export interface FullResponse<T = unknown> {
	body: T;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
	statusMessage?: string;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

/** The credential data with the token blanked, so n8n runs `preAuthentication` (and persists its result). */
function withTokenBlanked(data: ICredentialDataDecryptedObject, staleToken: string): ICredentialDataDecryptedObject {
	return { ...data, [TOKEN_FIELD]: '', [STALE_TOKEN_FIELD]: staleToken };
}

/**
 * Sends a request with the credential's token through n8n's own `httpRequestWithAuthentication`, but
 * renews the token *before* sending when its stored expiry has passed or it was issued for other
 * settings, so no request leaves with a token known to be dead. A 401 answer renews the token once
 * more (never handing back the one just refused) and resends. Every answer is returned, whatever its
 * status: callers map errors themselves.
 *
 * `build` makes the request from the credential's data (its Base URL…), anew for each attempt: a
 * multipart body cannot be sent twice.
 */
export async function requestWithToken<T = unknown>(
	context: Context,
	credentialName: TokenCredentialName,
	build: (credentials: ICredentialDataDecryptedObject) => IHttpRequestOptions,
	isRefused: (response: FullResponse<T>) => boolean = (response) => response.statusCode === 401,
): Promise<FullResponse<T>> {
	const details = context.getNode().credentials?.[credentialName];
	if (!details) {
		throw new NodeOperationError(context.getNode(), 'This operation needs a credential, and none is selected', {
			description: `Select or create a ${credentialName === 'mixinKeystoreApi' ? 'Mixin Keystore API' : 'Rainbow API'} credential in the node.`,
		});
	}
	const stored = await context.getCredentials(credentialName);
	const token = readStoredToken(stored);
	const usable = tokenState(token, fingerprints[credentialName](stored)) === 'valid';
	const credentialsDecrypted = {
		id: details.id ?? '',
		name: details.name,
		type: credentialName,
		data: usable ? { ...stored } : withTokenBlanked(stored, token.token),
	};

	const send = async () =>
		(await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialName,
			{ ...build(stored), returnFullResponse: true, ignoreHttpStatusErrors: true },
			{ credentialsDecrypted },
		)) as FullResponse<T>;

	const response = await send();
	if (!isRefused(response)) return response;
	// n8n wrote the token it used into `credentialsDecrypted.data`: that is the one that was refused.
	const refused = String(credentialsDecrypted.data[TOKEN_FIELD] ?? '');
	credentialsDecrypted.data = withTokenBlanked(credentialsDecrypted.data, refused);
	return await send();
}
