/**
 * The item loop (nodes/shared/operations.ts), through either node: each input item runs the operation,
 * its outputs are paired with it, and a failing item either stops the node (named) or, with continue
 * on fail, becomes `{error}` while the others go on.
 */
import { randomUUID } from 'node:crypto';
import { NodeApiError } from 'n8n-workflow';

import { useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';
import { useRainbowNode } from '../../support/rainbow-node';

describe('through the ExinOne node', () => {
	const env = useExinOneNode();
	const { run } = env;

	test('several items: one login for all, each output paired, a failing one isolated with continueOnFail', async () => {
		const known = (env.sim.state.orders as Array<{ payTraceId: string }>)[0].payTraceId;
		const items = [{ json: { id: known } }, { json: { id: randomUUID() } }, { json: { id: known } }];
		const output = await run(
			{ resource: 'convert', operation: 'getOrder', payTraceId: '={{ $json.id }}' },
			{ items, continueOnFail: true },
		);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.payTraceId).toBe(known);
		expect(output[1].json.error).toBe('ExinOne: 订单不存在 (code 20004)');
		expect(output[2].json.payTraceId).toBe(known);
	});
});

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	const logins = () => env.sim.count('POST', '/v1/login');

	test('with continue on fail the failing item becomes {error} and the others still run', async () => {
		const output = await run(
			{ resource: 'mint', operation: 'get', mintId: '={{ $json.id }}' },
			{ items: [{ json: { id: 1 } }, { json: { id: 9999 } }, { json: { id: 2 } }], continueOnFail: true },
		);
		expect(output).toHaveLength(3);
		expect(output[0].json).toMatchObject({ id: 1 });
		expect(output[1].json).toEqual({ error: 'Rainbow: mint task not found (code 40400)', description: expect.stringContaining('HTTP 404') });
		expect(output[2].json).toMatchObject({ id: 2 });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(env.sim.count('GET', /^\/v1\/mints\/\d+$/)).toBe(3);
	});

	test('without continue on fail the error names the failing item', async () => {
		const error = await captureError(
			run({ resource: 'mint', operation: 'get', mintId: '={{ $json.id }}' }, { items: [{ json: { id: 1 } }, { json: { id: 9999 } }] }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});

	test('each input item gives its own paired outputs', async () => {
		const output = await run(
			{ resource: 'contract', operation: 'get', contractId: '={{ $json.id }}' },
			{ items: [{ json: { id: 3 } }, { json: { id: 1 } }] },
		);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[3, { item: 0 }],
			[1, { item: 1 }],
		]);
		expect(logins()).toBe(1);
	});
});
