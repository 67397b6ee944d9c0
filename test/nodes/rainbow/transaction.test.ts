/** The Rainbow node's transaction resource (nodes/Rainbow/resources/transaction.ts). */
import { useRainbowNode } from '../../support/rainbow-node';
import { jsonOf } from '../../support/run-node';

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
});
