import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { createHmac } from 'node:crypto';

import { answerError, sendAuthRequest, toLocalTime, type AuthAnswer, type AuthCallContext, type HttpRequester } from '../common/auth-http';
import { CredentialError } from '../common/errors';
import type { FullResponse } from '../common/http-response';
import { claimTimeMs, looksLikeJwt, readJwtClaims } from '../common/jwt-claims';
import { baseUrlSetting, requiredText } from '../common/settings';
import type { TokenService } from '../common/token-service';
import type { TokenGrant } from '../common/token-session';
import { RAINBOW_API_VALIDITY_S, RAINBOW_DEFAULT_BASE_URL, RAINBOW_FREE_TIER_RATE_LIMIT, RAINBOW_REFRESH_WINDOW_S } from './constants';

const CREDENTIAL = 'Rainbow API';

export interface RainbowSettings {
	appId: string;
	appSecret: string;
	baseUrl: string;
}

export function readRainbowSettings(data: ICredentialDataDecryptedObject): RainbowSettings {
	return {
		appId: requiredText(data, 'appId', 'App ID', CREDENTIAL),
		appSecret: requiredText(data, 'appSecret', 'App Secret', CREDENTIAL),
		// Paths carry /v1 themselves: a Base URL copied with it (…/v1 or …/v1/) would call /v1/v1/….
		baseUrl: baseUrlSetting(data, 'baseUrl', RAINBOW_DEFAULT_BASE_URL, CREDENTIAL, /\/v1$/i),
	};
}

/**
 * What a token was issued for. Keyed with the secret so that a new secret invalidates the token, but
 * one-way: the secret cannot be read back from it.
 */
export function rainbowFingerprint(settings: RainbowSettings): string {
	return createHmac('sha256', settings.appSecret)
		.update(`rainbow\n${settings.appId}\n${settings.baseUrl}`)
		.digest('base64url');
}

function callContext(settings: RainbowSettings, action: string): AuthCallContext {
	return {
		action,
		secrets: [settings.appSecret],
		check: `Check the App ID and App Secret (from the Rainbow console) and the Base URL (${settings.baseUrl}) of the ${CREDENTIAL} credential.`,
	};
}

/** A token answer in any of its known forms: `{token, expire}`, `{code:0, data:{token, expire}}`, a bare JWT. */
export function readTokenAnswer(answer: AuthAnswer, call: AuthCallContext): { token: string; expire?: string } {
	const body = answer.body;
	let token: unknown;
	let expire: unknown;
	let code: unknown;
	let message: unknown;
	if (typeof body === 'string') {
		token = body.trim();
	} else if (body && typeof body === 'object') {
		const object = body as Record<string, unknown>;
		code = object.code;
		message = object.message ?? object.msg ?? object.error;
		const data = object.data;
		if (object.token !== undefined) {
			({ token, expire } = object);
		} else if (typeof data === 'string') {
			token = data;
		} else if (data && typeof data === 'object') {
			({ token, expire } = data as Record<string, unknown>);
		}
	}
	const codeIsOk = code === undefined || code === 0 || code === '0';
	if (answer.status >= 200 && answer.status < 300 && codeIsOk && looksLikeJwt(token)) {
		return { token: token.trim(), expire: typeof expire === 'string' ? expire : undefined };
	}
	if (answer.status >= 200 && answer.status < 300 && codeIsOk && answer.isJson) {
		throw new CredentialError(`${call.action} failed: the answer has no token.`, {
			description: `Check the Base URL (it should be the Rainbow API, e.g. ${RAINBOW_DEFAULT_BASE_URL}).`,
		});
	}
	throw answerError(answer, call, typeof message === 'string' ? message : undefined, code as string | number);
}

/** RFC 3339 with up to 7 fractional digits ("…04.2046805+08:00"), which Date.parse does not promise to read. */
export function parseRainbowExpire(expire: string | undefined): number | undefined {
	if (!expire) return undefined;
	const ms = Date.parse(expire.trim().replace(/(\.\d{3})\d+/, '$1'));
	return Number.isFinite(ms) ? ms : undefined;
}

/** A Rainbow token grant, with the server's own `expire` text when it sent one. */
export interface RainbowGrant extends TokenGrant {
	expire?: string;
}

/**
 * When the token stops serving the API and until when it can be refreshed, in our clock. Trusts the
 * `expire` field and the token's own claims (the earlier of the two) over the documented 1 h, and
 * reads the refresh window from `orig_iat`, so either reading of gin-jwt's refresh rule works.
 */
export function rainbowGrant(
	token: string,
	expire: string | undefined,
	answer: AuthAnswer,
	previousRefreshUntil?: number,
): RainbowGrant {
	const claims = readJwtClaims(token);
	const serverNow = answer.receivedAt + answer.clockOffsetMs;
	const ends = [parseRainbowExpire(expire), claimTimeMs(claims, 'exp')].filter(
		(value): value is number => value !== undefined,
	);
	const serverExpiry = ends.length > 0 ? Math.min(...ends) : serverNow + RAINBOW_API_VALIDITY_S * 1000;
	const origin = claimTimeMs(claims, 'orig_iat') ?? claimTimeMs(claims, 'iat');
	const refreshUntil =
		origin !== undefined
			? toLocalTime(origin + RAINBOW_REFRESH_WINDOW_S * 1000, answer)
			: (previousRefreshUntil ?? answer.receivedAt + RAINBOW_REFRESH_WINDOW_S * 1000);
	return { token, expiresAt: toLocalTime(serverExpiry, answer), refreshUntil, ...(expire ? { expire } : {}) };
}

export async function rainbowLogin(http: HttpRequester, settings: RainbowSettings): Promise<RainbowGrant> {
	const call = callContext(settings, 'Rainbow login');
	const answer = await sendAuthRequest(
		http,
		{
			method: 'POST',
			url: `${settings.baseUrl}/v1/login`,
			body: { app_id: settings.appId, app_secret: settings.appSecret },
		},
		call,
	);
	const { token, expire } = readTokenAnswer(answer, call);
	return rainbowGrant(token, expire, answer);
}

/** Exchanges a token for a new one; sends no secret. */
export async function rainbowRefresh(
	http: HttpRequester,
	settings: RainbowSettings,
	token: string,
	previousRefreshUntil?: number,
): Promise<RainbowGrant> {
	const call = callContext(settings, 'Rainbow token refresh');
	const answer = await sendAuthRequest(
		http,
		{
			method: 'GET',
			url: `${settings.baseUrl}/v1/refresh_token`,
			headers: { Authorization: `Bearer ${token}` },
		},
		call,
	);
	const fresh = readTokenAnswer(answer, call);
	return rainbowGrant(fresh.token, fresh.expire, answer, previousRefreshUntil);
}

/** A Rainbow `code` as a number: it comes as a number, sometimes as a string. */
export function rainbowCode(body: unknown): number | undefined {
	const code = body && typeof body === 'object' && !Array.isArray(body) ? (body as { code?: unknown }).code : undefined;
	const value = typeof code === 'string' && code.trim() !== '' ? Number(code) : code;
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Unauthenticated: HTTP 401, or a code of the 401xx family (40101 invalid JWT, 40104 expired…) in any status. */
export function isRainbowRefusal(response: FullResponse): boolean {
	const code = rainbowCode(response.body);
	return response.statusCode === 401 || (code !== undefined && Math.floor(code / 100) === 401);
}

/** The Rainbow API credential's service: log in with the app secret, refresh while the window is open. */
export const rainbowService: TokenService<RainbowSettings, RainbowGrant> = {
	credentialName: 'rainbowApi',
	displayName: CREDENTIAL,
	settingFields: ['appId', 'appSecret', 'baseUrl'],
	readSettings: readRainbowSettings,
	fingerprint: rainbowFingerprint,
	login: rainbowLogin,
	refresh: rainbowRefresh,
	isRefused: isRainbowRefusal,
	probe: (settings) => ({ url: `${settings.baseUrl}/v1/contracts/`, qs: { page: 1, limit: 1 } }),
	defaultRateLimit: RAINBOW_FREE_TIER_RATE_LIMIT,
	secrets: (settings) => [settings.appSecret],
};
