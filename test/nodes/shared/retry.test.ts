/**
 * Retries (nodes/shared/retry.ts), through either node: reads are sent again after a 429 or a 5xx,
 * honouring Retry-After unless it is too long to wait for; a write is sent again only after "too many
 * requests" (it was not processed), never after another failure; business errors are never resent.
 */
import { NodeApiError } from 'n8n-workflow';

import { useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';
import { useRainbowNode } from '../../support/rainbow-node';

describe('through the ExinOne node', () => {
	const env = useExinOneNode();
	const { run } = env;

	test('a GET is retried after a 429 honouring Retry-After, and after a 503', async () => {
		env.sim.fault({ method: 'GET', path: '/api/v2/users/me', status: 429, retryAfter: 0 });
		env.sim.fault({ method: 'GET', path: '/api/v2/users/me', status: 503, retryAfter: 0 });
		const [item] = await run({ resource: 'user', operation: 'getMe' });
		expect(item.json).toBeInstanceOf(Object);
		expect(env.sim.count('GET', '/api/v2/users/me')).toBe(3);
	});

	test('a Retry-After too long to wait for is reported, not waited for', async () => {
		env.sim.fault({ method: 'GET', path: '/api/v2/users/me', status: 429, retryAfter: 600 });
		const error = await captureError(run({ resource: 'user', operation: 'getMe' }));
		expect((error as Error & { description?: string }).description).toMatch(/rate limited; try again in 600 s/);
		expect(env.sim.count('GET', '/api/v2/users/me')).toBe(1);
	});
});

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	test('a GET answered 429 with Retry-After: 0 is sent again', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/contracts/', status: 429, retryAfter: 0 });
		const output = await run({ resource: 'contract', operation: 'getMany' });
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(2);
		expect(env.calls().map((r) => r.status)).toEqual([429, 200]);
		expect(output).toHaveLength(3);
	});

	test('a POST answered 500 is not sent again: the error carries the service message and says it may have been done', async () => {
		env.sim.fault({ method: 'POST', path: '/v1/metadata/', status: 500 });
		const error = await captureError(
			run({ resource: 'metadata', operation: 'create', name: 'x', description: 'y', image: 'https://example.com/i.png' }),
		);
		expect(env.sim.count('POST', '/v1/metadata/')).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'Rainbow: the server answered HTTP 500 (internal server error, code 50000) to POST /v1/metadata/; it may have been done, and was not sent again',
		);
		expect((error as Error & { description?: string }).description).toMatch(/^Check with a Get or Get Many operation whether it was done/);
		expect((error as NodeApiError).httpCode).toBe('500');
		expect(env.state().metadata).toHaveLength(3);
	});

	test('a business error on a GET is not retried, and keeps its code', async () => {
		env.sim.businessError({ method: 'GET', path: '/v1/contracts/', code: 60004, message: 'no sponsor' });
		const error = await captureError(run({ resource: 'contract', operation: 'getMany' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Rainbow: no sponsor (code 60004)');
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(1);
	});

	test.each([
		['HTTP 429', { status: 429, retryAfter: 0, body: { code: 42900, message: 'too many requests' } }],
		['code 42900 inside an HTTP 200', { status: 200, body: { code: 42900, message: 'too many requests' } }],
	])('a POST answered "too many requests" (%s) was not processed: it is sent again and done once', async (_case, fault) => {
		env.sim.fault({ method: 'POST', path: '/v1/metadata/', ...fault });
		const [item] = await run({ resource: 'metadata', operation: 'create', name: 'x', description: 'y', image: 'https://example.com/i.png' });
		expect(env.sim.count('POST', '/v1/metadata/')).toBe(2);
		expect(item.json).toMatchObject({ name: 'x' });
		expect(env.state().metadata).toHaveLength(4);
	});
});
