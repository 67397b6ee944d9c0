/**
 * Errors for people: what is wrong and what to check, never a secret.
 *
 * n8n wraps whatever `preAuthentication` throws in a NodeApiError. That class replaces the message with
 * a generic one when the error carries an HTTP-status-like property (`status`, `code`, …) or when the
 * message contains a Node error code such as ECONNREFUSED — so this error carries neither.
 */
export class CredentialError extends Error {
	/** What to check; n8n shows it under the message. */
	readonly description?: string;

	/** True when the service answered and refused (wrong secret, revoked or expired token). */
	readonly refused: boolean;

	constructor(message: string, options: { description?: string; refused?: boolean } = {}) {
		super(message);
		this.name = 'CredentialError';
		this.description = options.description;
		this.refused = options.refused ?? false;
	}
}

const MASK = '[redacted]';

/**
 * Replaces every occurrence of the given secrets in a text. Used on anything a server sends back
 * before it reaches a message: a server that echoes a request must not leak the secret through us.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	let out = text;
	for (const secret of secrets) {
		// Very short values would mask ordinary words; real secrets are long.
		if (secret && secret.length >= 6) out = out.split(secret).join(MASK);
	}
	return out;
}

/** Trims a server's text to something that fits in one message line. */
export function shorten(text: string, max = 300): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
