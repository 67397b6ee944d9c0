/** ExinOne's fixed facts, from ExinOne's developer docs (developers.exinone.com/guide). */

/** ExinOne's API base ("EndPoint" in ExinOne's getting-started page). */
export const EXINONE_DEFAULT_BASE_URL = 'https://app.eiduwejdk.com/api/v2';

/** Client id of the ExinOne bot: the `aud` of the Mixin token that ExinOne's /mixin/me accepts. */
export const EXINONE_BOT_ID = '61103d28-3ac2-44a2-ae34-bd956070dab1';

/** ExinOne's bearer lives `expiresIn` seconds; this is only used when an answer omits it. */
export const EXINONE_FALLBACK_TOKEN_LIFETIME_S = 86_400;

/**
 * ExinOne documents no rate limit. Its errors are Laravel's ("Too Many Attempts."), whose throttle
 * answers 429 with Retry-After; 5 requests/s keeps workflows polite and is far above what a workflow
 * needs, and a 429 that still comes is retried after its Retry-After.
 */
export const EXINONE_DEFAULT_RATE_LIMIT = 5;

/** Mixin asset ID of EPC, ExinOne's fee and authentication token. */
export const EPC_ASSET_ID = '44adc71b-0c37-3b42-aa19-fe2d59dae5fd';
