import { uuidV5 } from '../../mixin-safe/hashes';
import { derivedRequestId, REQUEST_ID_NAMESPACE, requestIdOf } from '../../mixin-safe/request-id';

describe('REQUEST_ID_NAMESPACE', () => {
	it('is the version-5 UUID of the package name in the RFC 4122 URL namespace', () => {
		expect(REQUEST_ID_NAMESPACE).toBe(uuidV5('n8n-nodes-exinone-rainbow', '6ba7b811-9dad-11d1-80b4-00c04fd430c8'));
		// Fixed forever: every derived request id depends on it.
		expect(REQUEST_ID_NAMESPACE).toBe('d99ed9fc-d24f-5391-b180-b72ec39ce65e');
	});
});

describe('requestIdOf', () => {
	it('uses a UUID as it is, lower-cased and trimmed', () => {
		expect(requestIdOf('9dc60d4c-f301-48ef-97f2-32e9195648cb')).toBe('9dc60d4c-f301-48ef-97f2-32e9195648cb');
		expect(requestIdOf(' 9DC60D4C-F301-48EF-97F2-32E9195648CB\n')).toBe('9dc60d4c-f301-48ef-97f2-32e9195648cb');
	});

	it('derives a stable version-5 UUID from any other text, spaces around it ignored', () => {
		const id = requestIdOf('order-1234');
		expect(id).toBe(uuidV5('order-1234', REQUEST_ID_NAMESPACE));
		expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(requestIdOf('  order-1234 ')).toBe(id);
		expect(requestIdOf('order-1235')).not.toBe(id);
		expect(requestIdOf('Order-1234')).not.toBe(id);
	});

	it('refuses empty text', () => {
		expect(() => requestIdOf('')).toThrow(RangeError);
		expect(() => requestIdOf(' \t\n')).toThrow('A request id needs non-empty text');
	});
});

describe('derivedRequestId', () => {
	const a = requestIdOf('item-a');
	const b = requestIdOf('item-b');

	it('is the version-5 UUID of the parts joined by newlines', () => {
		expect(derivedRequestId([a, b])).toBe(uuidV5(`${a}\n${b}`, REQUEST_ID_NAMESPACE));
		expect(derivedRequestId([a])).toBe(uuidV5(a, REQUEST_ID_NAMESPACE));
	});

	it('depends on the order of the parts (sort them for an order-free id)', () => {
		expect(derivedRequestId([a, b])).not.toBe(derivedRequestId([b, a]));
		expect(derivedRequestId([b, a].sort())).toBe(derivedRequestId([a, b].sort()));
	});

	it('refuses an empty list', () => {
		expect(() => derivedRequestId([])).toThrow(RangeError);
	});
});
