import { sleep, type IHttpRequestMethods } from 'n8n-workflow';

import { retryAfterMs, type FullResponse } from '../../credentials/common/http-response';

/** Retries of one request: after a rate limit (any method), a 5xx or a dropped connection (reads only). */
export const MAX_RETRIES = 3;
/** First backoff; doubled on each retry. */
export const BACKOFF_BASE_MS = 1000;
/** A Retry-After longer than this is not waited for: the error says when to try again instead. */
export const MAX_RETRY_WAIT_MS = 30_000;

const RETRYABLE_TRANSPORT = new Set(['ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED']);

export function isIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'HEAD';
}

/** A connection-level failure n8n wrapped; never a login failure (retrying a refused login only repeats it). */
export function isTransportFailure(error: unknown): boolean {
	const cause = (error as { cause?: { code?: string; name?: string } })?.cause;
	if (!cause || cause.name === 'CredentialError') return false;
	return RETRYABLE_TRANSPORT.has(String(cause.code ?? ''));
}

/** Failures before a request could reach the server: a refused connection, a name that did not resolve. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

/** A transport failure after which the server may have received the request (and done it). */
export function mayHaveArrived(error: unknown): boolean {
	const code = String((error as { cause?: { code?: string } })?.cause?.code ?? '');
	return isTransportFailure(error) && !NEVER_SENT.has(code);
}

/**
 * Sends `attempt` and retries, a bounded number of times with exponential backoff that honours
 * Retry-After:
 * - a rate-limited answer, for every method: the service did not process the request, so resending
 *   a write cannot do it twice;
 * - a 5xx or a dropped connection, for reads only: a write that may have been processed is sent
 *   exactly once (resending a mint or a transfer blindly could do it twice).
 */
export async function sendWithRetry(
	method: IHttpRequestMethods,
	attempt: () => Promise<FullResponse>,
	isRateLimited: (response: FullResponse) => boolean = (response) => response.statusCode === 429,
	// A POST the service makes idempotent (a key it answers the same to, a request ID) is a read here.
	idempotent = isIdempotent(method),
): Promise<FullResponse> {
	for (let retry = 0; ; retry++) {
		const canRetry = retry < MAX_RETRIES;
		const sent = await attempt().then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in sent) {
			// Already a node error: n8n's request helpers wrap what they throw.
			if (!idempotent || !canRetry || !isTransportFailure(sent.error)) throw sent.error;
			await sleep(BACKOFF_BASE_MS * 2 ** retry);
			continue;
		}
		const { response } = sent;
		const retryable = isRateLimited(response) || (idempotent && response.statusCode >= 500);
		if (!canRetry || !retryable) return response;
		const wait = retryAfterMs(response) ?? BACKOFF_BASE_MS * 2 ** retry;
		if (wait > MAX_RETRY_WAIT_MS) return response;
		await sleep(wait);
	}
}

/** Whether an error n8n threw for a request is a timeout (no answer in time). */
export function isTimeout(error: unknown): boolean {
	const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
	const code = String(cause?.code ?? (error as { code?: string })?.code ?? '');
	const message = `${cause?.message ?? ''} ${(error as Error)?.message ?? ''}`;
	return code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout|timed out/i.test(message);
}
