/**
 * Request ids: the one idempotency key of a Safe payment.
 *
 * The `request_id` of `POST /safe/transaction/requests` is the payment's trace id: the same id gives
 * the same ghost-key hints and so the same ghost keys, which the kernel lets one transaction use, so
 * a retried payment cannot pay twice. Ids are therefore derived from the user's text, never random.
 */
import { isUuid, uuidV5 } from './hashes';

/**
 * This package's namespace for name-based request ids, fixed forever (changing it would change
 * every derived id and let a retried payment pay again). Made as
 * `uuidV5('n8n-nodes-exinone-rainbow', '6ba7b811-9dad-11d1-80b4-00c04fd430c8')`, the RFC 4122 URL
 * namespace.
 */
export const REQUEST_ID_NAMESPACE = 'd99ed9fc-d24f-5391-b180-b72ec39ce65e';

/**
 * The request id for a user's idempotency text, spaces around it ignored: a UUID is used as it is
 * (lower-cased, as the API writes ids); any other text, such as an order number, becomes the
 * version-5 UUID of that text in {@link REQUEST_ID_NAMESPACE}, so the same text always gives the
 * same id. Empty text has no id (RangeError): a payment without a stable id could pay twice.
 */
export function requestIdOf(text: string): string {
	const trimmed = typeof text === 'string' ? text.trim() : '';
	if (trimmed.length === 0) {
		throw new RangeError('A request id needs non-empty text');
	}
	return isUuid(trimmed) ? trimmed.toLowerCase() : uuidV5(trimmed, REQUEST_ID_NAMESPACE);
}

/**
 * A request id derived from others, e.g. a batch's from its items' request ids: the version-5 UUID
 * of the parts joined by newlines, in {@link REQUEST_ID_NAMESPACE}. The order of the parts matters;
 * a caller that wants the same id for any order sorts them first. Parts should not contain newlines
 * (request ids do not), or two lists could join to the same text.
 */
export function derivedRequestId(parts: string[]): string {
	if (parts.length === 0) {
		throw new RangeError('A derived request id needs at least one part');
	}
	return uuidV5(parts.join('\n'), REQUEST_ID_NAMESPACE);
}
