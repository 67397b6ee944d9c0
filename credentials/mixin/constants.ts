/** Mixin's fixed facts (developers.mixin.one, the official SDKs), shared by every Mixin-signed credential. */

/** The Mixin API base. */
export const MIXIN_DEFAULT_BASE_URL = 'https://api.mixin.one';

/** Lifetime of the Mixin token signed for a login: it is used at once, so short. */
export const MIXIN_LOGIN_TOKEN_TTL_S = 600;

/** Longest lifetime the token-signing operation will sign (the official Mixin JS SDK's own choice). */
export const MIXIN_TOKEN_MAX_TTL_S = 3600;

/**
 * Lifetime of the token signed for one Mixin API request. Mixin publishes no maximum; a request token
 * is used at once (the Go SDK signs one per request too), and its `jti` is single-use anyway.
 */
export const MIXIN_REQUEST_TOKEN_TTL_S = 600;

/** Mixin publishes no rate limit for its API (only for /search); this keeps a batch polite. */
export const MIXIN_DEFAULT_RATE_LIMIT = 10;
