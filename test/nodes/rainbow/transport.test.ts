/**
 * How the Rainbow node reads Rainbow's answers (nodes/Rainbow/transport.ts): a non-zero code is an error
 * even in a 2xx, HTML or plain text is never data, and a `{code: 0, data}` envelope is unwrapped.
 */
import { NodeApiError } from 'n8n-workflow';

import { captureError } from '../../support/lifecycle';
import { useRainbowNode } from '../../support/rainbow-node';
import { jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;

describe('errors', () => {
	test('a 2xx with a non-zero code (mint limit) is a NodeApiError with the service message and code', async () => {
		env.sim.setMintLimit(0);
		const { address } = env.state().contracts[0];
		const error = await captureError(
			run({ resource: 'mint', operation: 'create', chain: 'conflux_test', contractAddress: address, mintToAddress: env.state().holders[0] }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('mint limit exceeded');
		expect(error.message).toContain('60001');
		expect((error as NodeApiError).httpCode).toBe('200');
	});

	test('an HTML page is an error that says so, even with HTTP 200', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/files/', status: 200, html: true });
		const error = await captureError(run({ resource: 'file', operation: 'getMany' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/HTML page instead of JSON/);
	});

	test('plain text on a 2xx is an error, not data', async () => {
		env.sim.respond({ method: 'GET', path: '/v1/tx/1', body: 'maintenance' });
		const error = await captureError(run({ resource: 'transaction', operation: 'get', transactionId: '1' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/text instead of JSON: maintenance/);
	});
});

describe('answers', () => {
	test('an envelope {code: 0, data} is unwrapped', async () => {
		env.sim.respond({ method: 'GET', path: '/v1/mints/5', body: { code: 0, message: '', data: { id: 5, status: 1 } } });
		const output = await run({ resource: 'mint', operation: 'get', mintId: '5' });
		expect(jsonOf(output)).toEqual([{ id: 5, status: 1 }]);
	});

	test('an enveloped list page is unwrapped and paged too', async () => {
		env.sim.respond({ method: 'GET', path: '/v1/burns', body: { code: 0, data: { count: 1, items: [{ id: 77 }] } } });
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: true });
		expect(jsonOf(output)).toEqual([{ id: 77 }]);
		expect(env.sim.count('GET', '/v1/burns')).toBe(1);
	});
});
