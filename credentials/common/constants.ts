/** The token lifecycle's own timings, the same for every service. */

/**
 * A token is renewed this long before its known expiry, so that a request never leaves with a token
 * that dies in flight, and small clock differences do not matter.
 */
export const RENEW_MARGIN_MS = 60_000;

/** Bound on a login or refresh round trip. */
export const AUTH_REQUEST_TIMEOUT_MS = 30_000;

/** Retries of a login or refresh after a 429, a 5xx or a dropped connection (both are idempotent). */
export const AUTH_RETRIES = 2;
/** First backoff of those retries; doubled on each. */
export const AUTH_BACKOFF_MS = 500;
/** A Retry-After longer than this is not waited for: the error says the service is rate-limiting. */
export const AUTH_MAX_RETRY_WAIT_MS = 10_000;
