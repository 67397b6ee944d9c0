import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { HttpRequester } from './auth-http';
import type { FullResponse } from './http-response';
import type { TokenGrant } from './token-session';

/** What every service's settings hold: the API base its requests and logins go to. */
export interface ServiceSettings {
	/** The API base, checked, without trailing slashes: paths are appended to it. */
	baseUrl: string;
}

/**
 * Everything the generic token lifecycle needs to know of one token-authenticated service. The
 * lifecycle itself (stored expiry, fingerprint check, single-flight renewal, the hidden credential
 * fields, the bodies of `preAuthentication` and `authenticate`, our nodes' request path) is written
 * once against this; a service is a small object that fills it in.
 */
export interface TokenService<S extends ServiceSettings = ServiceSettings, G extends TokenGrant = TokenGrant> {
	/** n8n's name of the credential type, e.g. `rainbowApi`. */
	readonly credentialName: string;
	/** The credential's display name, for messages: "Rainbow API". */
	readonly displayName: string;
	/**
	 * The credential fields the settings are read from. Settings are derived from these alone, so they
	 * are computed once per distinct set of values, not once per request.
	 */
	readonly settingFields: readonly string[];
	/** Reads and checks the settings; a wrong field throws a CredentialError that names it. */
	readSettings(data: ICredentialDataDecryptedObject): S;
	/**
	 * What a token is issued for (identity, base URL…), so that a token is never used or sent after the
	 * user changed the credential. One-way: no secret can be read back from it.
	 */
	fingerprint(settings: S): string;
	/** Gets a new token with the credential's secret. */
	login(http: HttpRequester, settings: S): Promise<G>;
	/**
	 * Exchanges a token for a new one without the secret, for services that can. `refreshUntil` is until
	 * when the stored token may be refreshed; the lifecycle calls this only before then, and falls back
	 * to `login` when the service refuses.
	 */
	refresh?(http: HttpRequester, settings: S, token: string, refreshUntil: number): Promise<G>;
	/** Whether an API answer says the token was not accepted (expired, revoked, unknown). */
	isRefused(response: FullResponse): boolean;
	/** A cheap authenticated read (GET) that tells whether a token is still accepted. */
	probe(settings: S): { url: string; qs?: IDataObject };
	/** Requests per second when the credential's Rate Limit field does not say. */
	readonly defaultRateLimit: number;
	/** Values that must never appear in an error, a log line or an output. */
	secrets(settings: S): string[];
}
