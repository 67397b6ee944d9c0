/**
 * Reading the claims of a JWT we were given, without verifying it: we do not hold the server's key,
 * and only use the claims to know when the token expires. Plain base64url + JSON.
 */

export type JwtClaims = Record<string, unknown>;

/** The payload of a compact JWS, or {} when it cannot be read. */
export function readJwtClaims(token: string): JwtClaims {
	const parts = typeof token === 'string' ? token.split('.') : [];
	if (parts.length !== 3) return {};
	try {
		const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : {};
	} catch {
		return {};
	}
}

/** A numeric-date claim in ms, if present. */
export function claimTimeMs(claims: JwtClaims, name: string): number | undefined {
	const value = claims[name];
	const seconds = typeof value === 'string' ? Number(value) : value;
	return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export function looksLikeJwt(value: unknown): value is string {
	return typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value.trim());
}
