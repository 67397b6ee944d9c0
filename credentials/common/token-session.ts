import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { RENEW_MARGIN_MS } from './constants';

/**
 * The token lifecycle shared by both credentials.
 *
 * n8n itself only calls `preAuthentication` when the token field is empty or a request got a 401
 * (n8n-core's `httpRequestWithAuthentication`); it has no notion of expiry, no lock and no idea what the
 * token was issued for.
 * So the credential stores beside the token when it expires and a fingerprint of what it was issued
 * for, and this module decides whether a stored token may be used, and makes concurrent renewals in
 * one process share a single login.
 */

/** A token and what is known of its life, in this machine's clock (ms since the epoch). */
export interface TokenGrant {
	token: string;
	expiresAt: number;
	/** Until when the token can be exchanged for a new one (Rainbow only). */
	refreshUntil?: number;
}

/** Names of the hidden credential fields that carry the token state. */
export const TOKEN_FIELD = 'accessToken';
export const EXPIRES_AT_FIELD = 'tokenExpiresAt';
export const REFRESH_UNTIL_FIELD = 'refreshExpiresAt';
export const FINGERPRINT_FIELD = 'tokenFingerprint';
/**
 * Not stored: set by our own request code when it blanks the token to make n8n renew it ahead of
 * expiry, so that renewal still knows the old token (Rainbow refreshes with it). n8n persists only
 * the keys `preAuthentication` returns, and this is never one of them.
 */
export const STALE_TOKEN_FIELD = 'staleAccessToken';

export interface StoredToken {
	token: string;
	expiresAt?: number;
	refreshUntil?: number;
	fingerprint?: string;
}

function timestamp(value: unknown): number | undefined {
	const number = typeof value === 'string' && value !== '' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

export function readStoredToken(data: ICredentialDataDecryptedObject): StoredToken {
	return {
		token: typeof data[TOKEN_FIELD] === 'string' ? (data[TOKEN_FIELD] as string) : '',
		expiresAt: timestamp(data[EXPIRES_AT_FIELD]),
		refreshUntil: timestamp(data[REFRESH_UNTIL_FIELD]),
		fingerprint:
			typeof data[FINGERPRINT_FIELD] === 'string' ? (data[FINGERPRINT_FIELD] as string) : undefined,
	};
}

/** What `preAuthentication` returns, and so what n8n persists onto the credential. */
export function tokenFields(grant: TokenGrant, fingerprint: string): ICredentialDataDecryptedObject {
	const fields: ICredentialDataDecryptedObject = {
		[TOKEN_FIELD]: grant.token,
		[EXPIRES_AT_FIELD]: grant.expiresAt,
		[FINGERPRINT_FIELD]: fingerprint,
	};
	if (grant.refreshUntil !== undefined) fields[REFRESH_UNTIL_FIELD] = grant.refreshUntil;
	return fields;
}

/**
 * - `missing`: no token yet;
 * - `foreign`: issued for another secret, keystore or base URL (the user edited the credential), or
 *   of unknown origin — never sent anywhere;
 * - `expired`: past its known expiry, less the renewal margin;
 * - `valid`: usable.
 */
export type TokenState = 'missing' | 'foreign' | 'expired' | 'valid';

export function tokenState(stored: StoredToken, fingerprint: string, now = Date.now()): TokenState {
	if (stored.token === '') return 'missing';
	if (stored.fingerprint !== fingerprint) return 'foreign';
	if (stored.expiresAt !== undefined && now >= stored.expiresAt - RENEW_MARGIN_MS) return 'expired';
	return 'valid';
}

/** Still usable for a while: the renewal margin has not been reached. */
export function isFresh(grant: TokenGrant | undefined, now = Date.now()): grant is TokenGrant {
	return grant !== undefined && now < grant.expiresAt - RENEW_MARGIN_MS;
}

interface Session {
	latest?: TokenGrant;
	inflight?: Promise<TokenGrant>;
}

const sessions = new Map<string, Session>();
const SESSION_LIMIT = 256;

function sessionFor(key: string): Session {
	let session = sessions.get(key);
	if (!session) {
		if (sessions.size >= SESSION_LIMIT) sessions.delete(sessions.keys().next().value as string);
		session = {};
		sessions.set(key, session);
	}
	return session;
}

/**
 * Single-flight renewal, per process and per fingerprint (`key`): callers that need a token at the
 * same time share one `renew()`; a token renewed moments ago by another execution is handed out
 * without a new login. A caller whose request was refused with token `rejected` never gets that
 * token back. If the shared renewal fails, every caller waiting on it gets that error (a burst with
 * a wrong secret makes one failed login, not one per request).
 */
export async function renewOnce(
	key: string,
	rejected: string,
	renew: () => Promise<TokenGrant>,
): Promise<TokenGrant> {
	const session = sessionFor(key);
	const acceptable = (grant: TokenGrant | undefined): grant is TokenGrant =>
		isFresh(grant) && grant.token !== rejected;

	if (session.inflight) {
		const grant = await session.inflight;
		if (acceptable(grant)) return grant;
	} else if (acceptable(session.latest)) {
		return session.latest;
	}

	if (!session.inflight) {
		const inflight = renew().then((grant) => {
			session.latest = grant;
			return grant;
		});
		session.inflight = inflight;
		const clear = () => {
			if (session.inflight === inflight) session.inflight = undefined;
		};
		inflight.then(clear, clear);
	}
	return await session.inflight;
}

/** Forgets every remembered token (tests; a process that wants a clean slate). */
export function forgetAllSessions(): void {
	sessions.clear();
}
