/**
 * The item loop (nodes/shared/operations.ts), through either node: each input item runs the operation,
 * its outputs are paired with it, and a failing item either stops the node (named) or, with continue
 * on fail, becomes `{error}` while the others go on; a write that fails after earlier items were done
 * names those items and the service's ids, since n8n drops the node's output.
 */
import { randomUUID } from 'node:crypto';
import { NodeApiError } from 'n8n-workflow';

import { useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';
import { mintParameters, useRainbowNode } from '../../support/rainbow-node';

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
		expect(output[1].json.error).toBe('ExinOne: 选定的 pay trace id 是无效的 (code 30004)');
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

	describe('a write batch that fails part-way', () => {
		const mint = () => mintParameters(env);
		const items = [{ json: {} }, { json: {} }, { json: {} }];

		test('stops with an error naming the items already done and their ids', async () => {
			env.sim.setMintLimit(env.state().mintCount + 2);
			const error = await captureError(run(mint(), { items }));
			const mintIds = (env.state().mints as Array<{ id: number }>).slice(-2).map((m) => m.id);
			expect(error.message).toBe('Rainbow: mint limit exceeded (code 60001)');
			expect((error as NodeApiError).context.itemIndex).toBe(2);
			expect((error as NodeApiError).description).toContain(
				`Items already done before this failure, not in the output because the node stopped: 0 (id ${mintIds[0]}); 1 (id ${mintIds[1]}).`,
			);
			expect((error as NodeApiError).context.alreadyDone).toEqual([
				{ itemIndex: 0, ids: [String(mintIds[0])] },
				{ itemIndex: 1, ids: [String(mintIds[1])] },
			]);
		});

		test('with continue on fail every item keeps its own result', async () => {
			env.sim.setMintLimit(env.state().mintCount + 2);
			const output = await run(mint(), { items, continueOnFail: true });
			expect(output.map((item) => Object.keys(item.json).includes('id'))).toEqual([true, true, false]);
			expect(output[2].json.error).toBe('Rainbow: mint limit exceeded (code 60001)');
		});

		test('a read that fails names nothing: it changed nothing', async () => {
			const error = await captureError(
				run({ resource: 'mint', operation: 'get', mintId: '={{ $json.id }}' }, { items: [{ json: { id: 1 } }, { json: { id: 9999 } }] }),
			);
			expect((error as NodeApiError).description ?? '').not.toContain('already done');
		});
	});
});
