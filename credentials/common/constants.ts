/** The token lifecycle's own timings, the same for every service. */

/**
 * A token is renewed this long before its known expiry, so that a request never leaves with a token
 * that dies in flight, and small clock differences do not matter.
 */
export const RENEW_MARGIN_MS = 60_000;

/** Bound on a login or refresh round trip. */
export const AUTH_REQUEST_TIMEOUT_MS = 30_000;
