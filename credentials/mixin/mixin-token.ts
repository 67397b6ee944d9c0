import { createHash, randomUUID } from 'node:crypto';

import { MIXIN_LOGIN_TOKEN_TTL_S } from './constants';
import type { MixinKeystore } from './keystore';

type Jose = typeof import('jose');
let jose: Promise<Jose> | undefined;

/**
 * `jose` is most of the package's load time and only signing needs it: it is loaded on the first
 * signature, not when n8n loads the package.
 */
function loadJose(): Promise<Jose> {
	jose ??= import('jose');
	return jose;
}

/** The request a Mixin token authorises: its `sig` claim is a hash of exactly these. */
export interface SignedRequest {
	method: string;
	/** Path with query string, e.g. `/me` or `/safe/assets?ids=x`; a full URL is reduced to that. */
	uri: string;
	/** The exact raw body that will be sent, or empty. */
	body?: string;
}

export interface MixinTokenOptions {
	/** `aud` claim, only for services that ask for one (ExinOne does). */
	audience?: string;
	/** Lifetime in seconds (default 600). */
	ttlSeconds?: number;
	/** Signing time in ms since the epoch (default: now). */
	now?: number;
	/** Token id (default: a fresh random UUID; a Mixin token must never be reused). */
	jti?: string;
}

export interface MixinClaims {
	uid: string;
	sid: string;
	iat: number;
	exp: number;
	jti: string;
	sig: string;
	scp: 'FULL';
	aud?: string;
}

/** `/me?x=1` from `https://api.mixin.one/me?x=1`; paths are kept as they are, a missing `/` added. */
export function requestUri(uri: string): string {
	const trimmed = uri.trim();
	if (/^https?:\/\//i.test(trimmed)) {
		const url = new URL(trimmed);
		return `${url.pathname}${url.search}`;
	}
	return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Lowercase hex SHA-256 of METHOD + URI + BODY (Mixin's `sig` claim). */
export function requestSignature(request: SignedRequest): string {
	return createHash('sha256')
		.update(request.method.toUpperCase() + requestUri(request.uri) + (request.body ?? ''))
		.digest('hex');
}

/** The claims of a Mixin authentication token; pure given `now` and `jti`. */
export function mixinClaims(
	keystore: Pick<MixinKeystore, 'appId' | 'sessionId'>,
	request: SignedRequest,
	options: MixinTokenOptions = {},
): MixinClaims {
	const iat = Math.floor((options.now ?? Date.now()) / 1000);
	const claims: MixinClaims = {
		uid: keystore.appId,
		sid: keystore.sessionId,
		iat,
		exp: iat + (options.ttlSeconds ?? MIXIN_LOGIN_TOKEN_TTL_S),
		jti: options.jti ?? randomUUID(),
		sig: requestSignature(request),
		scp: 'FULL',
	};
	if (options.audience) claims.aud = options.audience;
	return claims;
}

/**
 * Signs a Mixin authentication token (EdDSA, or RS512 for legacy RSA sessions) for one request.
 * With fixed `now` and `jti` the result is deterministic: both algorithms sign deterministically.
 */
export async function signMixinToken(
	keystore: MixinKeystore,
	request: SignedRequest,
	options: MixinTokenOptions = {},
): Promise<{ token: string; claims: MixinClaims }> {
	const claims = mixinClaims(keystore, request, options);
	const { SignJWT } = await loadJose();
	const token = await new SignJWT({ ...claims })
		.setProtectedHeader({ alg: keystore.algorithm, typ: 'JWT' })
		.sign(keystore.privateKey);
	return { token, claims };
}
