import { createHash, randomUUID, sign } from 'node:crypto';

import { MIXIN_LOGIN_TOKEN_TTL_S } from './constants';
import type { MixinKeystore } from './keystore';

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

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/**
 * Signs a Mixin authentication token (EdDSA, or RS512 for legacy RSA sessions) for one request: a JWS
 * in compact form, as the official SDKs write it (header `{"alg","typ"}`, claims in the order above).
 * Synchronous, with Node's own crypto: a credential that signs every request pays only the signature.
 * With fixed `now` and `jti` the result is deterministic: both algorithms sign deterministically.
 */
export function signMixinToken(
	keystore: MixinKeystore,
	request: SignedRequest,
	options: MixinTokenOptions = {},
): { token: string; claims: MixinClaims } {
	const claims = mixinClaims(keystore, request, options);
	const input = `${base64url(JSON.stringify({ alg: keystore.algorithm, typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
	const signature = sign(keystore.algorithm === 'EdDSA' ? null : 'sha512', Buffer.from(input), keystore.privateKey);
	return { token: `${input}.${signature.toString('base64url')}`, claims };
}
