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
