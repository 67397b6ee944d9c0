/** An HTTP answer as n8n's request helpers return it with `returnFullResponse: true`. */
export interface FullResponse<T = unknown> {
	body: T;
	headers: Record<string, string | string[] | undefined>;
	statusCode: number;
	statusMessage?: string;
}

/** A response header by name, whatever its case; the first value of a repeated header. */
export function header(response: Pick<FullResponse, 'headers'>, name: string): string | undefined {
	const value = response.headers?.[name.toLowerCase()] ?? response.headers?.[name];
	return Array.isArray(value) ? value[0] : value;
}

/** Text that a proxy or a web server sent instead of the API's JSON. */
export function looksLikeHtml(text: unknown, contentType = ''): boolean {
	return /html/i.test(contentType) || (typeof text === 'string' && /^\s*</.test(text));
}

/** Retry-After in ms (seconds or an HTTP date), if the answer has one. */
export function retryAfterMs(response: Pick<FullResponse, 'headers'>, now = Date.now()): number | undefined {
	const value = header(response, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Where a 3xx answer points (relative to `from`), without any user:password part (never shown). */
export function redirectTarget(response: FullResponse, from: string): string {
	const location = header(response, 'location') ?? '';
	let url: URL;
	try {
		url = URL.canParse(location) ? new URL(location) : new URL(location, from);
	} catch {
		// A path against a base we do not know here: as given, it holds no host nor password.
		return location.startsWith('/') ? location : 'an unreadable address';
	}
	url.username = '';
	url.password = '';
	return url.toString();
}
