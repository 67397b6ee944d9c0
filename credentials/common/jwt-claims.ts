import { decodeJwt, type JWTPayload } from 'jose';

/** The claims of a JWT we were given, without verifying it (we do not hold the server's key); {} if unreadable. */
export function readJwtClaims(token: string): JWTPayload {
	try {
		return decodeJwt(token);
	} catch {
		return {};
	}
}

/** A numeric-date claim in ms, if present. */
export function claimTimeMs(claims: JWTPayload, name: string): number | undefined {
	const value = claims[name];
	const seconds = typeof value === 'string' ? Number(value) : value;
	return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

export function looksLikeJwt(value: unknown): value is string {
	return typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value.trim());
}
