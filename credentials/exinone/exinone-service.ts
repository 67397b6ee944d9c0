import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import {
	answerError,
	sendAuthRequest,
	toLocalTime,
	type AuthAnswer,
	type AuthCallContext,
	type AuthRequest,
	type HttpRequester,
} from '../common/auth-http';
import { CredentialError } from '../common/errors';
import type { FullResponse } from '../common/http-response';
import { claimTimeMs, readJwtClaims } from '../common/jwt-claims';
import { serverClockOffset } from '../common/server-clock';
import { baseUrlSetting, requiredText } from '../common/settings';
import type { TokenService } from '../common/token-service';
import type { TokenGrant } from '../common/token-session';
import { EXINONE_BOT_ID, EXINONE_DEFAULT_BASE_URL, EXINONE_DEFAULT_RATE_LIMIT, EXINONE_FALLBACK_TOKEN_LIFETIME_S } from './constants';
import { loadKeystore, type MixinKeystore } from '../mixin/keystore';
import { signMixinToken } from '../mixin/mixin-token';

const CREDENTIAL = 'Mixin Keystore API';

export interface ExinOneSettings {
	keystore: MixinKeystore;
	baseUrl: string;
	audience: string;
}

export function readExinOneSettings(data: ICredentialDataDecryptedObject): ExinOneSettings {
	const audience = typeof data.audience === 'string' && data.audience.trim() !== '' ? data.audience.trim() : EXINONE_BOT_ID;
	return {
		keystore: loadKeystore(requiredText(data, 'keystore', 'Keystore', CREDENTIAL)),
		baseUrl: baseUrlSetting(data, 'baseUrl', EXINONE_DEFAULT_BASE_URL, CREDENTIAL),
		audience,
	};
}

/** What a token was issued for: the session's public identity and where it was used. No secret goes in. */
export function exinOneFingerprint(settings: ExinOneSettings): string {
	const { keystore } = settings;
	return createHash('sha256')
		.update(
			['exinone', keystore.appId, keystore.sessionId, keystore.publicKey, settings.baseUrl, settings.audience].join('\n'),
		)
		.digest('base64url');
}

/** ExinOne's validation errors (`data: {field: ["…"]}`) as one line, or ''. */
export function fieldMessages(data: unknown): string {
	if (!data || typeof data !== 'object' || Array.isArray(data)) return '';
	return Object.entries(data as Record<string, unknown>)
		.map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`)
		.join('; ');
}

/** Whether ExinOne's login answer is a success (decided on `success`, whatever the code). */
function loggedIn(answer: AuthAnswer): boolean {
	const body = answer.body as { success?: unknown } | null;
	return answer.status >= 200 && answer.status < 300 && answer.isJson && body !== null && body.success === true;
}

/** A clock difference beyond which a refused login is tried once more in the server's time. */
const CLOCK_TOLERANCE_MS = 30_000;

export interface ExinOneLogin extends TokenGrant {
	tokenType: string;
	expiresIn: number;
}

/**
 * Signs a Mixin token for `GET /me` with ExinOne's audience and trades it at `POST /mixin/me` for a
 * bearer token (ExinOne's "Authentication" guide). ExinOne has no refresh: renewing is logging in.
 */
export async function exinOneLogin(http: HttpRequester, settings: ExinOneSettings): Promise<ExinOneLogin> {
	const call: AuthCallContext = {
		action: 'ExinOne login',
		secrets: [],
		check:
			`Check the Keystore (its app/session id and key must be an active session of your Mixin bot), ` +
			`the Audience (ExinOne's bot id, ${EXINONE_BOT_ID}) and the Base URL of the ${CREDENTIAL} credential, ` +
			'and that this machine\'s clock is right (Mixin tokens are time-limited).',
	};
	const url = `${settings.baseUrl}/mixin/me`;
	// Signed in the server's time when it is known, and anew for each attempt: a Mixin token is used once.
	let signedWithOffset = 0;
	const build = async (): Promise<AuthRequest> => {
		signedWithOffset = serverClockOffset(url);
		const { token } = signMixinToken(
			settings.keystore,
			{ method: 'GET', uri: '/me', body: '' },
			{ audience: settings.audience, now: Date.now() + signedWithOffset },
		);
		return { method: 'POST', url, body: { token } };
	};
	let answer = await sendAuthRequest(http, build, call);
	if (!loggedIn(answer) && Math.abs(answer.clockOffsetMs - signedWithOffset) > CLOCK_TOLERANCE_MS) {
		// Refused, and the server's Date shows a clock other than the one the token was signed in: its
		// `iat` was outside the server's window. Once more, in the server's time.
		answer = await sendAuthRequest(http, build, call);
	}
	const body = (answer.isJson && answer.body && typeof answer.body === 'object' ? answer.body : {}) as Record<string, unknown>;
	const data = (body.data && typeof body.data === 'object' ? body.data : {}) as Record<string, unknown>;
	if (!loggedIn(answer)) {
		const message = [typeof body.message === 'string' ? body.message : '', fieldMessages(body.data)]
			.filter(Boolean)
			.join(' — ');
		throw answerError(answer, call, message || undefined, body.code as string | number | undefined);
	}
	if (typeof data.token !== 'string' || data.token === '') {
		throw new CredentialError('ExinOne login failed: the answer has no token.', {
			description: `Check the Base URL (it should be ExinOne's API, e.g. ${EXINONE_DEFAULT_BASE_URL}).`,
		});
	}
	const expiresIn = Number(data.expiresIn) > 0 ? Number(data.expiresIn) : EXINONE_FALLBACK_TOKEN_LIFETIME_S;
	const ends = [answer.receivedAt + expiresIn * 1000];
	const exp = claimTimeMs(readJwtClaims(data.token), 'exp');
	if (exp !== undefined) ends.push(toLocalTime(exp, answer));
	return {
		token: data.token,
		tokenType: typeof data.tokenType === 'string' ? data.tokenType : 'Bearer',
		expiresIn,
		expiresAt: Math.min(...ends),
	};
}

/** An unauthenticated answer: HTTP 401, or ExinOne's envelope with code 401 inside another status. */
export function isExinOneRefusal(response: FullResponse): boolean {
	const body = response.body as { success?: unknown; code?: unknown } | null;
	const envelope = body && typeof body === 'object' ? body : {};
	return response.statusCode === 401 || (envelope.success === false && String(envelope.code) === '401');
}

/** The Mixin Keystore API credential's service: log in with the keystore, no refresh. */
export const exinOneService: TokenService<ExinOneSettings, ExinOneLogin> = {
	credentialName: 'mixinKeystoreApi',
	displayName: CREDENTIAL,
	settingFields: ['keystore', 'baseUrl', 'audience'],
	readSettings: readExinOneSettings,
	fingerprint: exinOneFingerprint,
	login: exinOneLogin,
	isRefused: isExinOneRefusal,
	probe: (settings) => ({ url: `${settings.baseUrl}/users/me` }),
	defaultRateLimit: EXINONE_DEFAULT_RATE_LIMIT,
	// The key lives in a KeyObject that never prints; the keystore's PIN and spend key are never read.
	secrets: () => [],
};
