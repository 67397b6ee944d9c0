/**
 * The ExinOne node's operations that pay by Mixin transfer (nodes/ExinOne/transfers.ts, trades.ts and
 * the operations that use them), against both simulators: payments counted on the Mixin Safe
 * simulator, orders, deposits, confirmations and loans on the ExinOne simulator that reads them.
 */
import { randomUUID } from 'node:crypto';

import { EXINONE_BOT_ID } from '../../../credentials/exinone/constants';
import { captureError } from '../../support/lifecycle';
import { expectNoSecret } from '../../support/keystores';
import { BTC, EPC, USDT, useExinOneTransfers } from '../../support/exinone-transfer-node';

const env = useExinOneTransfers();
const memoText = (memo: string) => Buffer.from(memo, 'base64').toString('utf8');
const order = (payTraceId: string) => (env.exinone.state.orders as Array<Record<string, any>>).find((o) => o.payTraceId === payTraceId);
const paidWith = (requestId: string) => env.toExinOne().filter((payment) => payment.requestId === requestId);

// Each test its own week: the ExinOne simulator keeps its orders from test to test.
let week = '';
beforeEach(() => {
	week = `weekly-convert-${randomUUID()}`;
});
const convert = (extra: Record<string, unknown> = {}) => ({
	resource: 'convert',
	operation: 'payByTransfer',
	payAssetUuid: USDT,
	payAssetAmount: '50',
	receiveAssetUuid: BTC,
	requestId: week,
	waitForOrder: false,
	...extra,
});

describe('Convert → Pay by Transfer', () => {
	test('quotes, pays the ExinOne bot once with the convert memo as the extra, and the order carries the request ID', async () => {
		const [item] = await env.run(convert());
		const requestId = item.json.requestId as string;
		expect(item.json).toMatchObject({ payTraceId: requestId, state: 'spent', recipientId: EXINONE_BOT_ID, assetUuid: USDT, amount: '50', memoText: `EX#CO#${BTC}` });
		expect(item.json.quote).toMatchObject({ isTradeAvailable: true, calcSum: expect.any(String) });
		const [payment] = paidWith(requestId);
		// The extra is the UTF-8 bytes of the base64 memo text.
		expect(payment.memo).toBe(item.json.memo);
		expect(memoText(payment.memo)).toBe(`EX#CO#${BTC}`);
		expect(order(requestId)).toMatchObject({ payTraceId: requestId, orderStatus: 'trading', payAmount: expect.stringMatching(/^50(\.0+)?$/) });
		expect(env.exinone.count('GET', '/api/v2/convert/estimate/amount')).toBe(1);
	});

	test('a re-run with the same request ID converts once: no second quote, no second payment', async () => {
		const [first] = await env.run(convert());
		env.exinone.reset();
		const [again] = await env.run(convert());
		expect(again.json).toMatchObject({ requestId: first.json.requestId, alreadySent: true });
		expect(again.json.quote).toBeUndefined();
		expect(paidWith(first.json.requestId as string)).toHaveLength(1);
		expect((env.exinone.state.orders as Array<{ payTraceId: string }>).filter((o) => o.payTraceId === first.json.requestId)).toHaveLength(1);
		expect(env.exinone.count('GET', '/api/v2/convert/estimate/amount')).toBe(0);
	});

	test('waits for the order: done comes out as done, with the order as Get Order gives it', async () => {
		const unsubscribe = env.mixin.onPayment((payment: { requestId: string }) => {
			setImmediate(() => env.exinone.settleOrderByTrace(payment.requestId, 'done'));
		});
		try {
			const [item] = await env.run(convert({ waitForOrder: true, waitOptions: { maxWait: 30, interval: 1 } }));
			expect(item.json).toMatchObject({ outcome: 'done', order: { payTraceId: item.json.requestId, orderStatus: 'done', refundStatus: 'no' } });
			expect(env.mixin.balance(env.bot.appId, BTC)).toBe((item.json.order as { receiveAmount: string }).receiveAmount.replace(/\.?0+$/, ''));
		} finally {
			unsubscribe();
		}
	});

	test('a refund is an outcome, not an error', async () => {
		const unsubscribe = env.mixin.onPayment((payment: { requestId: string }) => {
			setImmediate(() => env.exinone.settleOrderByTrace(payment.requestId, 'refunded'));
		});
		try {
			const [item] = await env.run(convert({ waitForOrder: true, waitOptions: { maxWait: 30, interval: 1 } }));
			expect(item.json).toMatchObject({ outcome: 'refunded', order: { orderStatus: 'done', refundStatus: 'done' } });
			expect(env.mixin.balance(env.bot.appId, USDT)).toBe('200');
		} finally {
			unsubscribe();
		}
	});

	test('a pair that is not tradable now sends nothing', async () => {
		env.exinone.respond({ method: 'GET', path: '/api/v2/convert/estimate/amount', body: { code: '0', success: true, message: '', data: { isTradeAvailable: false, calcSum: '0' } }, times: 1 });
		const error = await captureError(env.run(convert()));
		expect(error.message).toBe(`ExinOne cannot convert ${USDT} into ${BTC} now (the quote says the pair is not tradable). Nothing was sent.`);
		expect(env.mixin.payments).toHaveLength(0);
		expect(env.mixin.count('POST', '/safe/transactions')).toBe(0);
	});

	test('an amount outside the quote\'s range sends nothing', async () => {
		const error = await captureError(env.run(convert({ payAssetAmount: '0.5' })));
		expect(error.message).toMatch(/^Pay Amount 0\.5 is outside the range ExinOne accepts for this pair now \(.+ to .+\)\. Nothing was sent\.$/);
		expect(env.mixin.payments).toHaveLength(0);
	});

	test('the Mixin API credential\'s policy applies: the ExinOne bot not allowed, nothing sent to Mixin at all', async () => {
		env.mixinCredential({ allowedRecipients: '0b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4' });
		const error = await captureError(env.run(convert()));
		expect(error.message).toBe(`Recipient ${EXINONE_BOT_ID} is not in the Allowed Recipients of the Mixin API credential: nothing was sent.`);
		expect(env.mixin.requests).toHaveLength(0);
		env.mixinCredential({ allowTransfers: false });
		expect((await captureError(env.run(convert()))).message).toBe('Transfers are off in the Mixin API credential: nothing was sent.');
		expect(env.mixin.requests).toHaveLength(0);
	});

	test('without the Mixin API credential: a clear error, nothing sent', async () => {
		const error = await captureError(env.run(convert(), { mixin: false }));
		expect(error.message).toBe('This operation needs a Mixin API credential, and none is selected');
		expect(env.mixin.requests).toHaveLength(0);
	});

	test('an order that does not settle in time: the error says it was paid and how to follow it', async () => {
		const [first] = await env.run(convert());
		const error = (await captureError(env.run(convert({ waitForOrder: true, waitOptions: { maxWait: 1, interval: 1 } })))) as Error & { description?: string };
		expect(error.message).toMatch(new RegExp(`^Paid \\(request ID ${first.json.requestId}\\), but the order of pay trace ID .* did not settle within 1 s`));
		expect(error.description).toMatch(/do not pay again/);
		expect(paidWith(first.json.requestId as string)).toHaveLength(1);
	});
});

describe('Fund Pool', () => {
	test('Deposit: a transfer with EX#FP_DEPOSIT credits the trading account; a re-run pays nothing more', async () => {
		const before = await env.run({ resource: 'fundPool', operation: 'getAsset', assetUuid: USDT }, { mixin: false });
		const params = { resource: 'fundPool', operation: 'deposit', assetUuid: USDT, amount: '12.5', requestId: 'deposit-1' };
		const [item] = await env.run(params);
		expect(memoText(item.json.memo as string)).toBe('EX#FP_DEPOSIT');
		const [after] = await env.run({ resource: 'fundPool', operation: 'getAsset', assetUuid: USDT }, { mixin: false });
		expect(Number(after.json.balance) - Number(before[0].json.balance)).toBeCloseTo(12.5, 8);
		await env.run(params);
		expect(paidWith(item.json.requestId as string)).toHaveLength(1);
	});

	test('Withdraw confirmed with EPC (the default): the followId\'s EPC transfer completes it; confirming again pays nothing more', async () => {
		const params = { resource: 'fundPool', operation: 'withdraw', payAssetUuid: USDT, payAssetAmount: '3', traceId: '5b1f6f6c-6a84-4c0e-9d2b-8a6f0f8e7c11' };
		const [item] = await env.run(params);
		const followId = item.json.followId as string;
		const confirmation = item.json.confirmation as Record<string, string>;
		expect(confirmation).toMatchObject({ assetUuid: EPC, amount: '0.00000001', state: 'spent' });
		expect(memoText(confirmation.memo)).toBe(`EX#EPC_AUTH_TRANS#${followId}`);
		expect(env.exinone.epcTransfer(followId)).toBe('confirmed');
		expect(env.mixin.balance(env.bot.appId, USDT)).toBe('203');
		expect(paidWith(confirmation.requestId)).toHaveLength(1);
	});

	test('a confirmation that fails after the followId was issued says so and gives the followId', async () => {
		env.mixinCredential({ allowedRecipients: '0b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4' });
		const error = (await captureError(env.run({ resource: 'fundPool', operation: 'withdraw', payAssetUuid: USDT, payAssetAmount: '3' }))) as Error & { description?: string };
		expect(error.message).toMatch(/^ExinOne issued followId [0-9a-f-]{36}, but its EPC confirmation failed: Recipient .* is not in the Allowed Recipients/);
		expect(error.description).toMatch(/Do not start another transfer: confirm this one by sending EPC to the ExinOne bot/);
		expect(env.exinone.count('POST', '/api/v2/epc_authentication/transfer')).toBe(1);
	});
});

describe('Loan and Referral', () => {
	test('Apply: an EPC transfer with EX#CB#…; the request ID becomes the loan\'s apply trace ID; Repay: EX#CR#… reduces it', async () => {
		const [applied] = await env.run({ resource: 'loan', operation: 'apply', assetUuid: USDT, days: 30, amount: '10', wallet: 'mixin', requestId: '' });
		const applyTraceId = applied.json.applyTraceId as string;
		expect(memoText(applied.json.memo as string)).toBe(`EX#CB#${USDT}#30#10#M`);
		const [loan] = await env.run({ resource: 'loan', operation: 'get', applyTraceId }, { mixin: false });
		expect(loan.json).toMatchObject({ applyTraceId, loanAmount: expect.stringMatching(/^10(\.0+)?$/) });
		expect(env.mixin.balance(env.bot.appId, USDT)).toBe('210');
		const [repaid] = await env.run({ resource: 'loan', operation: 'repay', applyTraceId, assetUuid: USDT, amount: '4', requestId: '' });
		expect(memoText(repaid.json.memo as string)).toBe(`EX#CR#${applyTraceId}`);
		const [status] = await env.run({ resource: 'loan', operation: 'getRepaymentStatus', repaymentTraceId: repaid.json.repaymentTraceId }, { mixin: false });
		expect(status.json).toMatchObject({ amount: expect.stringMatching(/^4(\.0+)?$/) });
	});

	test('Register: 0.00000001 EPC with EX#REF_REG', async () => {
		const [item] = await env.run({ resource: 'referral', operation: 'register' });
		expect(item.json).toMatchObject({ assetUuid: EPC, amount: '0.00000001', state: 'spent' });
		expect(memoText(item.json.memo as string)).toBe('EX#REF_REG');
		expect(env.exinone.referrals.has(env.bot.appId)).toBe(true);
	});

	test('no secret of either credential in outputs or errors', async () => {
		const outputs = await env.run({ resource: 'referral', operation: 'register' });
		const error = (await captureError(env.run(convert({ payAssetAmount: '100000000' })))) as Error & { description?: string };
		expectNoSecret(`${JSON.stringify(outputs)} ${error.message} ${error.description}`, env.bot.secrets);
	});
});
