/**
 * The ExinOne simulator reading the Mixin transfers made to the ExinOne bot (exinone-transfers.js):
 * each payment goes through the real Safe flow of the Mixin simulator with the official SDK, and the
 * ExinOne side is read back through its own API (convert orders, trading account, loans, referral);
 * what ExinOne pays back arrives in the payer's Mixin wallet as outputs from the bot.
 */
import crypto from 'node:crypto';

import { createClock } from './clock';
import { startExinOneSimulator, EXINONE_AUD } from './exinone';
import { client, signMixin, ME_SIG } from './test-clients';
import { BOT, BTC, EXINONE, KEYSTORE, SESSION_PUBLIC, USDT, useMixinSim } from './mixin-test-kit';

const EPC = '44adc71b-0c37-3b42-aa19-fe2d59dae5fd';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const json64 = (o: unknown) => Buffer.from(b64(JSON.stringify(o))).toString('hex');
const sessionPrivate = crypto.createPrivateKey({
	key: {
		kty: 'OKP', crv: 'Ed25519', d: Buffer.from(KEYSTORE.session_private_key, 'hex').toString('base64url'),
		x: Buffer.from(SESSION_PUBLIC, 'hex').toString('base64url'),
	},
	format: 'jwk',
});

describe('ExinOne simulator: the Mixin transfers to its bot', () => {
	const mx = useMixinSim();
	let ex: any;
	let detach: () => void;
	const call = client(() => ex.url);
	let token = '';
	const get = async (path: string) => (await call('GET', `/api/v2${path}`, { token })).json;
	const post = async (path: string, body: unknown) => (await call('POST', `/api/v2${path}`, { token, body })).json;
	const pool = async (asset: string) => Number((await get(`/fund_pool/asset?assetUuid=${asset}`)).data.balance);
	const last = () => ex.transferEvents.at(-1);
	/** A payment to ExinOne through the SDK: the memo is the base64 text of `text`, as the docs say. */
	const pay = async (amount: string, text: string, o: { asset?: string; raw?: string; requestId?: string } = {}) => {
		const sent = await mx.transfer({ amount, asset: o.asset ?? USDT, memo: o.raw ?? b64(text), requestId: o.requestId });
		expect(sent.state).toBe('spent');
		return sent.request_id as string;
	};
	/** Outputs ExinOne paid the bot: `[amount, request_id, extra as text]`. */
	const fromExinOne = (asset: string) =>
		mx.sim.outputs(BOT).filter((o: any) => o.senders[0] === EXINONE && o.asset_id === asset).map((o: any) => [o.amount, o.request_id, Buffer.from(o.extra, 'hex').toString()]);

	beforeAll(async () => {
		ex = await startExinOneSimulator({ clock: createClock() });
		ex.registerSession({ userId: BOT, sessionId: KEYSTORE.session_id, publicKey: SESSION_PUBLIC, algorithm: 'EdDSA' });
		detach = ex.attachMixin(mx.sim);
	});
	afterAll(async () => {
		detach();
		await ex.close();
	});
	beforeEach(async () => {
		const now = Math.floor(ex.clock.now() / 1000);
		const claims = { uid: BOT, sid: KEYSTORE.session_id, iat: now, exp: now + 3600, jti: crypto.randomUUID(), sig: ME_SIG, scp: 'FULL', aud: EXINONE_AUD };
		token = (await call('POST', '/api/v2/mixin/me', { body: { token: signMixin(sessionPrivate, claims) } })).json.data.token;
		mx.sim.deposit({ userId: BOT, assetId: USDT, amount: '1000' });
		mx.sim.deposit({ userId: BOT, assetId: EPC, amount: '10' });
	});

	describe('convert (EX#CO#<asset>)', () => {
		it('makes an order with payTraceId = the request id, trading; done pays the receive asset back', async () => {
			const id = await pay('65', `EX#CO#${BTC}`);
			expect(last()).toMatchObject({ kind: 'convert', outcome: 'ok', requestId: id, senderId: BOT, assetId: USDT, amount: '65.00000000', payTraceId: id, receiveAssetUuid: BTC });
			const order = (await call('GET', `/api/v2/convert/order/detail?payTraceId=${id}`)).json.data;
			expect(order).toMatchObject({
				payTraceId: id, payAssetUuid: USDT, payAmount: '65.00000000', receiveAssetUuid: BTC, orderStatus: 'trading', receiveAmount: null,
				payWalletUuid: BOT, payWalletType: 'mixin', receiveWalletUuid: BOT,
			});
			expect((await get('/convert/order/lists?limit=1')).data[0].payTraceId).toBe(id);
			expect(fromExinOne(BTC)).toEqual([]);

			const settled = ex.settleOrderByTrace(id, 'done');
			// 65 USDT at 1 / 65000 = 0.001 BTC, less the 0.2 % fee the estimate shows
			expect(settled).toMatchObject({ orderStatus: 'done', refundStatus: 'no', receiveAmount: '0.00099800' });
			expect(mx.sim.balance(BOT, BTC)).toBe('0.000998');
			expect(fromExinOne(BTC)).toEqual([['0.000998', settled.receiveTraceId, '']]);
			expect(() => ex.settleOrderByTrace(id, 'refunded')).toThrow(/not trading/);
			expect(ex.payouts.filter((p: any) => p.requestId === settled.receiveTraceId)).toHaveLength(1);
		});

		it('refunded (over /__sim/transfers/settle) pays the asset back; a ref and a trailing newline are read', async () => {
			const id = await pay('40', '', { raw: `${b64(`EX#CO#${BTC}#m.7000104232`)}\n` });
			expect(last()).toMatchObject({ kind: 'convert', outcome: 'ok', ref: 'm.7000104232' });
			expect(mx.sim.balance(BOT, USDT)).toBe('960');
			const r = await call('POST', '/__sim/transfers/settle', { body: { payTraceId: id, outcome: 'refunded' } });
			expect(r.json.order).toMatchObject({ orderStatus: 'done', refundStatus: 'done' });
			expect(mx.sim.balance(BOT, USDT)).toBe('1000');
			expect(fromExinOne(USDT)).toEqual([['40', r.json.order.receiveTraceId, b64(JSON.stringify({ S: 'CO_RF', O: id }))]]);
		});

		it('settles by itself when auto-settle is on, once the simulator clock has passed', async () => {
			ex.setAutoSettle({ outcome: 'done', afterMs: 5000 });
			try {
				const id = await pay('650', `EX#CO#${BTC}`);
				const detail = async () => (await call('GET', `/api/v2/convert/order/detail?payTraceId=${id}`)).json.data;
				expect((await detail()).orderStatus).toBe('trading');
				ex.clock.advance(5000);
				expect(await detail()).toMatchObject({ orderStatus: 'done', refundStatus: 'no' });
				expect(mx.sim.balance(BOT, BTC)).toBe('0.00998');
			} finally {
				ex.setAutoSettle(null);
			}
		});
	});

	describe('a memo ExinOne cannot read', () => {
		it('is kept: no order, no refund, listed in unmatchedPayments', async () => {
			const id = await pay('7', `EX#CO#${BTC}`, { raw: `EX#CO#${BTC}` });
			expect(last()).toMatchObject({ kind: 'unmatched', outcome: 'kept', requestId: id, memo: null, reason: expect.stringMatching(/base64/) });
			expect(ex.unmatchedPayments.at(-1)).toBe(last());
			expect(mx.sim.balance(BOT, USDT)).toBe('993');
			expect(mx.sim.balance(EXINONE, USDT)).toBe('7');
			expect(ex.state.orders.some((o: any) => o.payTraceId === id)).toBe(false);
			expect(fromExinOne(USDT)).toEqual([]);
		});

		it.each([
			['unpadded base64', Buffer.from(`EX#CO#${BTC}#m.1`).toString('base64').replace(/=+$/, '')],
			['base64url', Buffer.from(`EX#CO#${BTC}#m.1>?`).toString('base64url')],
			['| separators', b64(`EX|CO|${BTC}`)],
			['a receive asset that is no UUID', b64('EX#CO#bitcoin')],
			['a receive asset ExinOne does not know', b64(`EX#CO#${crypto.randomUUID()}`)],
			['an unknown kind', b64('EX#SWAP#1')],
			['FP_DEPOSIT with a field', b64('EX#FP_DEPOSIT#x')],
			['the old 0|<uuid> memo', b64(`0|${BTC}`)],
		])('%s is kept too', (_name, memo) => {
			const n = ex.payouts.length;
			const requestId = crypto.randomUUID();
			const e = ex.receiveMixinPayment({ requestId, senderId: BOT, assetId: USDT, memo, outputs: [{ receiverId: EXINONE, amount: '1' }] });
			expect(e).toMatchObject({ kind: 'unmatched', outcome: 'kept', requestId });
			expect(ex.payouts).toHaveLength(n);
		});
	});

	it('EX#FP_DEPOSIT credits the sender\'s trading account', async () => {
		const before = await pool(USDT);
		const id = await pay('12.5', 'EX#FP_DEPOSIT');
		expect(last()).toMatchObject({ kind: 'fp_deposit', outcome: 'ok', requestId: id, amount: '12.50000000' });
		expect(await pool(USDT)).toBeCloseTo(before + 12.5, 8);
		const row = (await get('/fund_pool')).data.lists.find((l: any) => l.defaultAssetUuid === USDT);
		expect(Number(row.balance)).toBeCloseTo(before + 12.5, 8);
	});

	describe('EPC authentication (EX#EPC_AUTH_TRANS#<followId>)', () => {
		it('completes a withdrawal once; a second confirmation is refunded', async () => {
			const traceId = crypto.randomUUID();
			const before = await pool(USDT);
			const { followId } = (await post('/epc_authentication/transfer', { type: 'withdraw', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '20', receiveWallet: 'mixin', traceId })).data;
			expect(ex.epcTransfer(followId)).toBe('pending');
			// any EPC amount confirms (the docs' 0.00000001 goes through the synthetic path below: the Mixin
			// simulator refuses SDK amounts under 0.000001, which bignumber.js prints as 1e-7)
			const id = await pay('0.0001', `EX#EPC_AUTH_TRANS#${followId}`, { asset: EPC });
			expect(last()).toMatchObject({ kind: 'epc_auth', outcome: 'ok', requestId: id, followId, type: 'withdraw' });
			expect(ex.epcTransfer(followId)).toBe('confirmed');
			expect(await pool(USDT)).toBeCloseTo(before - 20, 8);
			expect(fromExinOne(USDT)).toEqual([['20', traceId, b64(JSON.stringify({ source: 'FP', type: 'withdraw' }))]]);

			const again = await pay('0.5', `EX#EPC_AUTH_TRANS#${followId}`, { asset: EPC });
			expect(last()).toMatchObject({ kind: 'epc_auth', outcome: 'refunded', reason: 'followId already confirmed' });
			expect(fromExinOne(EPC)).toEqual([['0.5', expect.any(String), b64(JSON.stringify({ S: 'EPC_AUTH_TRANS_RF', O: again }))]]);
			expect(await pool(USDT)).toBeCloseTo(before - 20, 8);
		});

		it('refunds an unknown followId and a confirmation not paid in EPC', async () => {
			await pay('0.1', `EX#EPC_AUTH_TRANS#${crypto.randomUUID()}`, { asset: EPC });
			expect(last()).toMatchObject({ outcome: 'refunded', reason: 'unknown followId' });
			const { followId } = (await post('/epc_authentication/transfer', { type: 'withdraw', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1', receiveWallet: 'mixin' })).data;
			await pay('2', `EX#EPC_AUTH_TRANS#${followId}`);
			expect(last()).toMatchObject({ outcome: 'refunded', reason: 'EPC authentication must be paid in EPC' });
			expect(ex.epcTransfer(followId)).toBe('pending');
			expect([mx.sim.balance(BOT, EPC), mx.sim.balance(BOT, USDT)]).toEqual(['10', '1000']);
			// the trading account holds too little when it is confirmed: the EPC comes back, the followId is done with
			const w = ex.state.walletsOf(BOT).fundpool;
			const kept = w[USDT];
			w[USDT] = 0n;
			await pay('0.1', `EX#EPC_AUTH_TRANS#${followId}`, { asset: EPC });
			w[USDT] = kept;
			expect(last()).toMatchObject({ outcome: 'refunded', reason: 'insufficient trading-account balance' });
			expect(ex.epcTransfer(followId)).toBe('refunded');
			expect(mx.sim.balance(BOT, EPC)).toBe('10');
			expect(ex.epcTransfer(crypto.randomUUID())).toBeUndefined();
		});

		it('a convert from the trading account makes an order paid back to the Mixin wallet', async () => {
			const traceId = crypto.randomUUID();
			const before = await pool(USDT);
			const body = { type: 'convert', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '650', receiveWallet: 'mixin', memo: b64(`EX#CO#${BTC}`), traceId };
			const { followId } = (await post('/epc_authentication/transfer', body)).data;
			await pay('0.01', `EX#EPC_AUTH_TRANS#${followId}`, { asset: EPC });
			expect(last()).toMatchObject({ outcome: 'ok', type: 'convert', payTraceId: traceId });
			expect(await pool(USDT)).toBeCloseTo(before - 650, 8);
			expect((await call('GET', `/api/v2/convert/order/detail?payTraceId=${traceId}`)).json.data).toMatchObject({ orderStatus: 'trading', payWalletType: 'fundpool' });
			ex.settleOrderByTrace(traceId, 'done');
			expect(mx.sim.balance(BOT, BTC)).toBe('0.00998');
		});
	});

	describe('loans', () => {
		it('EX#CB applies: the loan shows in /loan/detail and the lists, is paid out, the EPC comes back; EX#CR repays', async () => {
			const open = Number((await get('/loan')).data.outstanding);
			const applyTraceId = await pay('0.001', `EX#CB#${USDT}#30#250`, { asset: EPC });
			expect(last()).toMatchObject({ kind: 'loan_apply', outcome: 'ok', applyTraceId, loanAmount: '250.00000000', wallet: 'mixin' });
			const detail = (await get(`/loan/detail?applyTraceId=${applyTraceId}`)).data;
			expect(detail).toMatchObject({ applyTraceId, status: 'repaying', term: 30, loanAmount: '250.00000000', debtAmount: '250.00000000', asset: { uuid: USDT }, wallet: 'mixin' });
			expect((await get('/loan/list?status=using')).data.map((l: any) => l.applyTraceId)).toContain(applyTraceId);
			expect(Number((await get('/loan')).data.outstanding)).toBe(open + 1);
			expect(fromExinOne(USDT)).toEqual([['250', expect.any(String), b64(JSON.stringify({ S: 'LO', O: applyTraceId }))]]);
			expect(fromExinOne(EPC)).toEqual([['0.001', expect.any(String), b64(JSON.stringify({ S: 'LOAN_APPLY_PASS', O: applyTraceId }))]]);

			const repay = await pay('100', `EX#CR#${applyTraceId}`);
			expect(last()).toMatchObject({ kind: 'loan_repay', outcome: 'ok', applyTraceId, repaid: '100.00000000' });
			expect((await get(`/loan/detail?applyTraceId=${applyTraceId}`)).data).toMatchObject({ debtAmount: '150.00000000', repayAmount: '100.00000000', status: 'repaying' });
			expect((await get(`/loan/repayment/status?repaymentTraceId=${repay}`)).data).toMatchObject({ amount: '100.00000000', asset: { uuid: USDT } });
			// more than the debt: the loan is cleared and the rest comes back
			await pay('200', `EX#CR#${applyTraceId}`);
			expect((await get(`/loan/detail?applyTraceId=${applyTraceId}`)).data).toMatchObject({ debtAmount: '0.00000000', status: 'cleared', hasRepaid: true });
			expect((await get(`/loan/repayment/list?applyTraceId=${applyTraceId}`)).data.map((r: any) => r.repayAmount)).toEqual(['100.00000000', '150.00000000']);
			expect(mx.sim.balance(BOT, USDT)).toBe(String(1000 + 250 - 100 - 150));
			// a cleared or unknown loan is refunded
			await pay('1', `EX#CR#${applyTraceId}`);
			expect(last()).toMatchObject({ outcome: 'refunded', reason: 'the loan is cleared' });
			await pay('1', `EX#CR#${crypto.randomUUID()}`);
			expect(last()).toMatchObject({ outcome: 'refunded', reason: 'unknown loan' });
			expect(mx.sim.balance(BOT, USDT)).toBe('1000');
		});

		it('#FP pays the loan into the trading account; bad fields are refunded with LOAN_APPLY_RF', async () => {
			const before = await pool(BTC);
			await pay('0.001', `EX#CB#${BTC}#7#0.01#FP`, { asset: EPC });
			expect(last()).toMatchObject({ outcome: 'ok', wallet: 'fundpool' });
			expect(await pool(BTC)).toBeCloseTo(before + 0.01, 8);
			for (const memo of [`EX#CB#${BTC}#0#1`, `EX#CB#${BTC}#7#-1`, `EX#CB#${crypto.randomUUID()}#7#1`, `EX#CB#${BTC}#7#1#W`, `EX#CB#${BTC}#7`]) {
				const id = await pay('0.002', memo, { asset: EPC });
				expect(last()).toMatchObject({ kind: 'loan_apply', outcome: 'refunded', requestId: id });
				expect(fromExinOne(EPC).at(-1)).toEqual(['0.002', expect.any(String), b64(JSON.stringify({ S: 'LOAN_APPLY_RF', O: id }))]);
			}
			await pay('5', `EX#CB#${BTC}#7#1`);
			expect(last()).toMatchObject({ outcome: 'refunded', reason: 'a loan is applied for with EPC' });
		});

		it('a loan_repayment confirmed by EPC is paid from the trading account', async () => {
			const applyTraceId = await pay('0.001', `EX#CB#${USDT}#30#50`, { asset: EPC });
			const before = await pool(USDT);
			const { followId } = (await post('/epc_authentication/transfer', { type: 'loan_repayment', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '30', applyTraceId })).data;
			await pay('0.001', `EX#EPC_AUTH_TRANS#${followId}`, { asset: EPC });
			expect(ex.epcTransfer(followId)).toBe('confirmed');
			expect(await pool(USDT)).toBeCloseTo(before - 30, 8);
			expect((await get(`/loan/detail?applyTraceId=${applyTraceId}`)).data.debtAmount).toBe('20.00000000');
		});
	});

	it('EX#REF_REG registers the referral and ExinOne answers with an EPC transfer', async () => {
		const id = await pay('0.0001', 'EX#REF_REG', { asset: EPC });
		const ref = (await get('/users/me')).data.ref;
		expect(ref).toMatch(/^m\.\d+$/);
		expect(last()).toMatchObject({ kind: 'ref_reg', outcome: 'ok', requestId: id, ref });
		expect(ex.referrals.get(BOT)).toMatchObject({ ref, traceId: id });
		expect((await get('/referral_statistics/me')).data.ref).toBe(ref);
		const [reply] = mx.sim.outputs(BOT).filter((o: any) => o.senders[0] === EXINONE);
		expect(reply).toMatchObject({ asset_id: EPC, amount: '0.0001', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), extra: json64({ t: 'REF_REG', f: id, ref }) });
		// the docs' 0.00000001 EPC, as a payment record given directly
		const requestId = crypto.randomUUID();
		const e = ex.receiveMixinPayment({ requestId, senderId: BOT, assetId: EPC, memo: 'RVgjUkVGX1JFRw==', outputs: [{ receiverId: EXINONE, amount: '0.00000001' }] });
		expect(e).toMatchObject({ kind: 'ref_reg', outcome: 'ok', amount: '0.00000001', ref });
		expect(ex.payouts.at(-1)).toMatchObject({ kind: 'ref_reg', userId: BOT, assetId: EPC, amount: '0.00000001', memo: b64(JSON.stringify({ t: 'REF_REG', f: requestId, ref })) });
	});

	it('GET /__sim/transfers shows events and followIds; after detach nothing is read', async () => {
		const seen = (await call('GET', '/__sim/transfers')).json;
		expect(seen.events).toHaveLength(ex.transferEvents.length);
		expect(seen.epcTransfers.every((t: any) => ['pending', 'confirmed', 'refunded'].includes(t.status))).toBe(true);
		detach();
		const n = ex.transferEvents.length;
		await pay('1', 'EX#FP_DEPOSIT');
		expect(ex.transferEvents).toHaveLength(n);
		detach = ex.attachMixin(mx.sim);
		await pay('1', 'EX#FP_DEPOSIT');
		expect(ex.transferEvents).toHaveLength(n + 1);
	});
});
