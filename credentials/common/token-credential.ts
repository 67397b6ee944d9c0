import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import type { HttpRequester } from './auth-http';
import { RENEW_MARGIN_MS } from './constants';
import { CredentialError } from './errors';
import { rateOf, takeTurn } from './rate-limit';
import { checkToken } from './token-check';
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
 * Both keep to the credential's rate limit: `authenticate` runs before every request made with the
 * credential, whichever node makes it.
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

/** Waits for the credential's turn under its rate limit. */
async function takeCredentialTurn(service: TokenService, data: ICredentialDataDecryptedObject, fingerprint: string) {
	await takeTurn(`${service.credentialName}:${fingerprint}`, rateOf(data, service.defaultRateLimit));
}

/**
 * The body of `authenticate`: waits for the credential's turn, then adds the bearer token when there
 * is one that may be sent. A token that is expired or was issued for other settings is left out on
 * purpose: the service answers 401 and n8n renews the token and retries (the path n8n's HTTP Request
 * node takes), instead of a dead token, or one issued for another base URL, leaving this machine.
 */
export async function withStoredToken(
	service: TokenService,
	data: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	await takeCredentialTurn(service, data, resolveCredential(service, data).fingerprint);
	const token = usableToken(service, data);
	if (token) requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${token}` };
	return requestOptions;
}

/**
 * The body of `preAuthentication`: a new token for the credential, one renewal per process for
 * concurrent callers. A service that can refresh does so while the stored token's refresh window is
 * open and it was issued for these settings; otherwise, or when the refresh fails, it logs in.
 * Returns the hidden fields, which n8n persists onto the credential — or none, when the stored token
 * was fresh and the service still accepts it (see `checkToken`).
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
	const limited: HttpRequester = async (options) => {
		await takeCredentialTurn(service, data, fingerprint);
		return await http(options);
	};

	if (staleToken === '' && tokenState(stored, fingerprint) === 'valid') {
		// Asked to renew a token that is fresh by its stored expiry: n8n's HTTP Request node asks after
		// any failed request. Unless the service refuses the token, keep it: returning no token makes n8n
		// persist nothing and resend nothing, and the request's own error reaches the item.
		if ((await checkToken(service, limited, settings, stored.token)) !== 'refused') return {};
	}

	const grant = await renewOnce(`${service.credentialName}:${fingerprint}`, previous, async () => {
		const refreshUntil = stored.refreshUntil;
		const refreshable =
			service.refresh !== undefined &&
			previous !== '' &&
			stored.fingerprint === fingerprint &&
			refreshUntil !== undefined &&
			Date.now() < refreshUntil - RENEW_MARGIN_MS;
		if (refreshable) {
			const refreshed = await service.refresh!(limited, settings, previous, refreshUntil).then(
				(grant) => ({ grant }),
				(error: unknown) => ({ error }),
			);
			if ('grant' in refreshed) return refreshed.grant;
			// A refused refresh, a server error that outlasted the retries, or an answer without a token:
			// the secret still works, so log in. Anything else (a bug) is not hidden.
			if (!(refreshed.error instanceof CredentialError)) throw refreshed.error;
		}
		return await service.login(limited, settings);
	});
	return tokenFields(grant, fingerprint);
}
