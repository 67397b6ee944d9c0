/** NFTRainbow's fixed facts, from the Rainbow APIs docs (docs.nftrainbow.cn). */

export const RAINBOW_DEFAULT_BASE_URL = 'https://api.nftrainbow.cn';

/** A JWT serves the API for 1 h and can be refreshed for 5 h (from its `orig_iat`). */
export const RAINBOW_API_VALIDITY_S = 3600;
export const RAINBOW_REFRESH_WINDOW_S = 5 * 3600;

/** Requests per second of Rainbow's free tier (the growth tier allows 10). */
export const RAINBOW_FREE_TIER_RATE_LIMIT = 5;
