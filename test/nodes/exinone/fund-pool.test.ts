/**
 * The ExinOne node's fund pool resource (nodes/ExinOne/resources/fund-pool.ts): the trading account's
 * balances, and the withdraw / loan repayment / convert it starts through POST
 * /epc_authentication/transfer, each with the body ExinOne's draft "Fund pool" page gives its `type`,
 * answered by a followId that an EPC transfer confirms.
 */
import { randomUUID } from 'node:crypto';

import { EPC_ASSET_ID, EXINONE_BOT_ID } from '../../../credentials/exinone/constants';
import { BTC, USDT, testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';

const env = useExinOneNode();
const { run, last } = env;
const memoText = (memo: string) => Buffer.from(memo, 'base64').toString('utf8');

describe('fundPool', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'fundPool', operation: 'getAll' }, '/api/v2/fund_pool', {}],
		[{ resource: 'fundPool', operation: 'getAsset', assetUuid: BTC }, '/api/v2/fund_pool/asset', { assetUuid: BTC }],
	]);

	test('withdraw (Confirm with EPC off) posts type withdraw from the fund pool to the Mixin wallet, and says how to confirm it by hand', async () => {
		const traceId = randomUUID();
		const [item] = await run({ resource: 'fundPool', operation: 'withdraw', payAssetUuid: USDT, payAssetAmount: '1.5', traceId, confirmWithEpc: false });
		expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/epc_authentication/transfer', status: 200 });
		expect(last().body).toEqual({ type: 'withdraw', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1.5', receiveWallet: 'mixin', traceId });
		const followId = item.json.followId as string;
		expect(followId).toMatch(/^[0-9a-f-]{36}$/);
		expect(item.json).toEqual({
			followId,
			traceId,
			confirm: { recipientId: EXINONE_BOT_ID, assetId: EPC_ASSET_ID, amount: 'any amount of EPC', memo: expect.any(String) },
		});
		expect(memoText((item.json.confirm as { memo: string }).memo)).toBe(`EX#EPC_AUTH_TRANS#${followId}`);
	});

	test('withdraw without a trace ID sends a new one, and outputs it', async () => {
		const [item] = await run({ resource: 'fundPool', operation: 'withdraw', payAssetUuid: USDT, payAssetAmount: '1', confirmWithEpc: false });
		expect((last().body as { traceId: string }).traceId).toBe(item.json.traceId);
		expect(item.json.traceId).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('repayLoan posts type loan_repayment with the loan\'s apply trace ID', async () => {
		const { applyTraceId } = (env.sim.state.loans as Array<{ applyTraceId: string }>)[0];
		await run({ resource: 'fundPool', operation: 'repayLoan', payAssetUuid: USDT, payAssetAmount: '2', applyTraceId, confirmWithEpc: false });
		expect(last().status).toBe(200);
		expect(last().body).toEqual({ type: 'loan_repayment', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '2', applyTraceId });
	});

	test('convert posts type convert with the convert memo and where to receive', async () => {
		await run({ resource: 'fundPool', operation: 'convert', payAssetUuid: USDT, payAssetAmount: '3', receiveAssetUuid: BTC, receiveWallet: 'fundpool', confirmWithEpc: false });
		expect(last().status).toBe(200);
		const body = last().body as Record<string, string>;
		expect(body).toMatchObject({ type: 'convert', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '3', receiveWallet: 'fundpool' });
		expect(memoText(body.memo)).toBe(`EX#CO#${BTC}`);
	});

	test('ExinOne\'s refusal (insufficient balance) is the item\'s error, with its code; nothing is resent', async () => {
		const error = await captureError(run({ resource: 'fundPool', operation: 'withdraw', payAssetUuid: USDT, payAssetAmount: '99999999' }));
		expect(error.message).toMatch(/^ExinOne: .+ \(code 20005\)$/);
		expect(env.sim.count('POST', '/api/v2/epc_authentication/transfer')).toBe(1);
	});
});
