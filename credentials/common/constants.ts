/** One source of truth for the services' fixed facts (see shared/specs) and our own lifetimes. */

/** ExinOne's API base ("EndPoint" in ExinOne's developer docs). */
export const EXINONE_DEFAULT_BASE_URL = 'https://app.eiduwejdk.com/api/v2';

/** Client id of the ExinOne bot: the `aud` of the Mixin token that ExinOne's /mixin/me accepts. */
export const EXINONE_BOT_ID = '61103d28-3ac2-44a2-ae34-bd956070dab1';

/** ExinOne's bearer lives `expiresIn` seconds; this is only used when an answer omits it. */
export const EXINONE_FALLBACK_TOKEN_LIFETIME_S = 86_400;

/** Lifetime of the Mixin token signed for a login: used at once, so short (the spec asks ≤ 1 h). */
export const MIXIN_LOGIN_TOKEN_TTL_S = 600;

/** Longest lifetime the token-signing operation will sign (the official JS SDK's own choice). */
export const MIXIN_TOKEN_MAX_TTL_S = 3600;

export const RAINBOW_DEFAULT_BASE_URL = 'https://api.nftrainbow.cn';

/** Rainbow docs: a JWT serves the API for 1 h and can be refreshed for 5 h (from `orig_iat`). */
export const RAINBOW_API_VALIDITY_S = 3600;
export const RAINBOW_REFRESH_WINDOW_S = 5 * 3600;

/**
 * A token is renewed this long before its known expiry, so that a request never leaves with a token
 * that dies in flight, and small clock differences do not matter.
 */
export const RENEW_MARGIN_MS = 60_000;

/** Bound on a login or refresh round trip. */
export const AUTH_REQUEST_TIMEOUT_MS = 30_000;
