/** The ExinOne node's transfer resource (nodes/ExinOne/resources/transfer.ts). */
import { randomUUID } from 'node:crypto';

import { BTC, useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';

const env = useExinOneNode();
const { run, last } = env;

describe('transfer', () => {
	test('transfer (draft) posts its body; a validation error lists the field messages', async () => {
		await run({ resource: 'transfer', operation: 'create', assetUuid: BTC, amount: '0.001', opponentId: randomUUID(), memo: 'hi' });
		expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/epc_authentication/transfer', body: { assetUuid: BTC, amount: '0.001', memo: 'hi' } });
		const error = await captureError(run({ resource: 'transfer', operation: 'create', assetUuid: BTC, amount: '', opponentId: randomUUID(), memo: '' }));
		expect(error.message).toMatch(/^ExinOne: .*amount: amount is required/);
	});
});
