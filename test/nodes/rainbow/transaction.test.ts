/** The Rainbow node's transaction resource (nodes/Rainbow/resources/transaction.ts). */
import { useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;

describe('transaction', () => {
	test('transaction get reads a transaction by ID', async () => {
		const txId = env.state().mints[0].tx_id;
		const output = await run({ resource: 'transaction', operation: 'get', transactionId: String(txId) });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/tx/${txId}` });
		expect(jsonOf(output)).toEqual([
			{ hash: expect.stringMatching(/^0x/), is_finalized: true, is_success: true, state_code: 3, state_msg: 'executed', error_msg: '' },
		]);
	});

	test('get outputs a failed transaction as Rainbow sent it: its state and the chain\'s error', async () => {
		// The simulator's transactions all succeed; a failed one is what a user must be able to see.
		const failed = { hash: `0x${'ab'.repeat(32)}`, is_finalized: true, is_success: false, state_code: 4, state_msg: 'failed', error_msg: 'execution reverted: not the owner' };
		env.sim.respond({ method: 'GET', path: '/v1/tx/42', body: failed });
		const output = await run({ resource: 'transaction', operation: 'get', transactionId: '42' });
		expect(jsonOf(output)).toEqual([failed]);
		expectPaired(output);
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/tx/42', canned: true });
	});
});
