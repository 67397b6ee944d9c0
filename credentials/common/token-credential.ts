import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import type { HttpRequester } from './auth-http';
import { RENEW_MARGIN_MS } from './constants';
import { CredentialError } from './errors';
import type { ServiceSettings, TokenService } from './token-service';
import {
	EXPIRES_AT_FIELD,
	FINGERPRINT_FIELD,
	REFRESH_UNTIL_FIELD,
	STALE_TOKEN_FIELD,
	TOKEN_FIELD,
	readStoredToken,
	renewOnce,
	tokenFields,
	tokenState,
} from './token-session';

/**
 * The bodies of a token credential's hooks, written once for every `TokenService`: the hidden fields
 * that hold the token state, `preAuthentication` (renew: refresh while allowed, else log in; one per
 * process), and `authenticate` (send the stored token only while it is valid for these settings).
 */

/**
 * The hidden fields that hold the token state. The token comes first: n8n treats the first hidden
 * `expirable` property as "the token" and runs `preAuthentication` when it is empty or refused.
 */
export function tokenStateProperties(service: TokenService): INodeProperties[] {
	const hidden = (name: string): INodeProperties => ({ displayName: name, name, type: 'hidden', default: '' });
	return [
		{ ...hidden(TOKEN_FIELD), displayName: 'Access Token', typeOptions: { expirable: true } },
		hidden(EXPIRES_AT_FIELD),
		...(service.refresh ? [hidden(REFRESH_UNTIL_FIELD)] : []),
		hidden(FINGERPRINT_FIELD),
	];
}

export interface ResolvedCredential<S extends ServiceSettings> {
	settings: S;
	fingerprint: string;
}

const resolved = new Map<string, ResolvedCredential<ServiceSettings>>();
const RESOLVED_LIMIT = 64;

/**
 * The settings and fingerprint of a credential's data. Both are pure functions of the setting fields,
 * and a request needs them twice (our request path, then n8n's `authenticate`): they are computed once
 * per distinct set of values and kept in memory, in a bounded map. A setting that fails its check is
 * never kept, so its error is raised again each time.
 */
export function resolveCredential<S extends ServiceSettings>(
	service: TokenService<S>,
	data: ICredentialDataDecryptedObject,
): ResolvedCredential<S> {
	const key = [service.credentialName, ...service.settingFields.map((field) => String(data[field] ?? ''))].join('\u0000');
	let entry = resolved.get(key) as ResolvedCredential<S> | undefined;
	if (!entry) {
		const settings = service.readSettings(data);
		entry = { settings, fingerprint: service.fingerprint(settings) };
		if (resolved.size >= RESOLVED_LIMIT) resolved.delete(resolved.keys().next().value as string);
		resolved.set(key, entry);
	}
	return entry;
}

/** The stored token if it may be sent for these settings now, else undefined. */
export function usableToken(service: TokenService, data: ICredentialDataDecryptedObject): string | undefined {
	const stored = readStoredToken(data);
	if (stored.token === '') return undefined;
	return tokenState(stored, resolveCredential(service, data).fingerprint) === 'valid' ? stored.token : undefined;
}

/**
 * The body of `authenticate`: adds the bearer token when there is one that may be sent. A token that
 * is expired or was issued for other settings is left out on purpose: the service answers 401 and n8n
 * renews the token and retries (the path n8n's HTTP Request node takes), instead of a dead token, or
 * one issued for another base URL, leaving this machine.
 */
export function withStoredToken(
	service: TokenService,
	data: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	const token = usableToken(service, data);
	if (token) requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${token}` };
	return requestOptions;
}

/**
 * The body of `preAuthentication`: a new token for the credential, one renewal per process for
 * concurrent callers. A service that can refresh does so while the stored token's refresh window is
 * open and it was issued for these settings; otherwise, or when the refresh is refused, it logs in.
 * Returns the hidden fields, which n8n persists onto the credential.
 */
export async function renewToken<S extends ServiceSettings>(
	service: TokenService<S>,
	http: HttpRequester,
	data: ICredentialDataDecryptedObject,
): Promise<ICredentialDataDecryptedObject> {
	const { settings, fingerprint } = resolveCredential(service, data);
	const stored = readStoredToken(data);
	// Our request path blanks the token to make n8n renew ahead of expiry and passes the old one here.
	const staleToken = typeof data[STALE_TOKEN_FIELD] === 'string' ? (data[STALE_TOKEN_FIELD] as string) : '';
	const previous = staleToken || stored.token;

	const grant = await renewOnce(`${service.credentialName}:${fingerprint}`, previous, async () => {
		const refreshUntil = stored.refreshUntil;
		const refreshable =
			service.refresh !== undefined &&
			previous !== '' &&
			stored.fingerprint === fingerprint &&
			refreshUntil !== undefined &&
			Date.now() < refreshUntil - RENEW_MARGIN_MS;
		if (refreshable) {
			try {
				return await service.refresh!(http, settings, previous, refreshUntil);
			} catch (error) {
				// Only a refusal falls back to a login; anything else is already a CredentialError for n8n to wrap.
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				if (!(error instanceof CredentialError && error.refused)) throw error;
			}
		}
		return await service.login(http, settings);
	});
	return tokenFields(grant, fingerprint);
}
