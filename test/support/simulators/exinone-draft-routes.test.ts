/**
 * The ExinOne simulator's draft endpoints (exinone-routes.js; ExinOne's draft developer docs pages
 * Trading account, Loan and Asset): each takes exactly the parameters its page defines, validated as
 * Laravel would, and answers in the page's shape; /convert/pay records an order that starts trading.
 */
import crypto from 'node:crypto';

import { useExinOneSim } from './test-clients';

const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const memoOf = (text: string) => Buffer.from(text).toString('base64');
const MEMO = memoOf(`EX#CO#${BTC}`);

describe('ExinOne simulator: draft endpoints', () => {
	const env = useExinOneSim();
	const { call, bearer } = env;
	const post = async (path: string, body: unknown) => call('POST', `/api/v2${path}`, { token: await bearer(), body });
	const get = async (path: string) => call('GET', `/api/v2${path}`, { token: await bearer() });

	describe('trading account', () => {
		it('GET /fund_pool answers lists and totals (numbers where the page shows numbers), code 0', async () => {
			const r = await get('/fund_pool');
			expect(r.json).toMatchObject({ code: 0, success: true, data: { totalBalanceUsdt: expect.any(Number), totalBalanceBtc: expect.any(Number) } });
			expect(r.json.data.lists[0]).toEqual({
				parentAssetId: 1, parentAssetSymbol: 'BTC', parentAssetCreditRate: expect.any(String), priceUsdt: expect.any(Number),
				defaultAssetUuid: BTC, balance: expect.stringMatching(/^\d+\.\d{8}$/), canReceive: true, balanceUsdt: expect.any(Number),
			});
		});

		it('GET /fund_pool/asset needs assetUuid', async () => {
			expect((await get(`/fund_pool/asset?assetUuid=${BTC}`)).json.data).toEqual({ balance: expect.any(String), parentAssetId: 1, parentAssetSymbol: 'BTC', defaultAssetUuid: BTC });
			expect((await get('/fund_pool/asset')).json).toMatchObject({ code: '10001', message: 'asset uuid 不能为空', data: { assetUuid: ['asset uuid 不能为空'] } });
		});
	});

	describe('POST /epc_authentication/transfer', () => {
		const withdraw = { type: 'withdraw', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1.5', receiveWallet: 'mixin' };

		it('answers {followId} (code 0, no timestampMs, as the page shows) and records the request', async () => {
			const traceId = crypto.randomUUID();
			const r = await post('/epc_authentication/transfer', { ...withdraw, traceId });
			expect(r.json).toEqual({ code: 0, success: true, message: '', data: { followId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
			expect(env.sim.state.transfers.at(-1)).toMatchObject({ followId: r.json.data.followId, body: { ...withdraw, traceId } });
			// a traceId is never used twice
			expect((await post('/epc_authentication/transfer', { ...withdraw, traceId })).json.data).toEqual({ traceId: ['trace id 已经存在'] });
		});

		it('takes each type with its own fields', async () => {
			const loan = env.sim.state.loans[0].applyTraceId;
			const repay = { type: 'loan_repayment', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '10', applyTraceId: loan };
			expect((await post('/epc_authentication/transfer', repay)).json.success).toBe(true);
			const convert = { type: 'convert', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '10', receiveWallet: 'fundpool', memo: MEMO };
			expect((await post('/epc_authentication/transfer', convert)).json.success).toBe(true);
		});

		it.each([
			['no body', {}, ['type', 'payWallet', 'payAssetUuid', 'payAssetAmount']],
			['an unknown type', { ...withdraw, type: 'deposit' }, ['type']],
			['payWallet mixin', { ...withdraw, payWallet: 'mixin' }, ['payWallet']],
			['receiveWallet fundpool on a withdrawal', { ...withdraw, receiveWallet: 'fundpool' }, ['receiveWallet']],
			['a number amount', { ...withdraw, payAssetAmount: 1.5 }, ['payAssetAmount']],
			['a traceId that is no UUID', { ...withdraw, traceId: 'x' }, ['traceId']],
			['the old field names', { assetUuid: USDT, amount: '1', opponentId: crypto.randomUUID() }, ['type', 'payWallet', 'payAssetUuid', 'payAssetAmount', 'assetUuid', 'amount', 'opponentId']],
			['applyTraceId on a withdrawal', { ...withdraw, applyTraceId: crypto.randomUUID() }, ['applyTraceId']],
			['a repayment of an unknown loan', { type: 'loan_repayment', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1', applyTraceId: crypto.randomUUID() }, ['applyTraceId']],
			['a repayment with receiveWallet', { type: 'loan_repayment', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1', receiveWallet: 'mixin' }, ['applyTraceId', 'receiveWallet']],
			['a convert without memo', { type: 'convert', payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1', receiveWallet: 'mixin' }, ['memo']],
		])('refuses %s, naming the fields', async (_name, body, fields) => {
			const r = await post('/epc_authentication/transfer', body);
			expect(r.status).toBe(422);
			expect(r.json.code).toBe('10001');
			expect(Object.keys(r.json.data)).toEqual(fields);
			expect(r.json.message).toBe(r.json.data[fields[0]][0]);
		});

		it('answers 20005 when the trading account holds too little', async () => {
			const r = await post('/epc_authentication/transfer', { ...withdraw, payAssetAmount: '99999999' });
			expect(r.json).toMatchObject({ code: '20005', success: false, message: '余额不足', data: [] });
		});
	});

	describe('POST /convert/pay', () => {
		const pay = { payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '100', memo: MEMO };

		it('answers data [] and records an order, payTraceId = traceId, that starts trading', async () => {
			const traceId = crypto.randomUUID();
			const before = (await get(`/fund_pool/asset?assetUuid=${USDT}`)).json.data.balance;
			const r = await post('/convert/pay', { ...pay, traceId });
			expect(r.json).toEqual({ code: '0', success: true, message: '', data: [], timestampMs: expect.any(Number) });
			const detail = await call('GET', `/api/v2/convert/order/detail?payTraceId=${traceId}`);
			expect(detail.json.data).toMatchObject({ payTraceId: traceId, payAssetUuid: USDT, receiveAssetUuid: BTC, payAmount: '100.00000000', orderStatus: 'trading', receiveAmount: null });
			expect(Number((await get(`/fund_pool/asset?assetUuid=${USDT}`)).json.data.balance)).toBeCloseTo(Number(before) - 100, 6);
			expect((await post('/convert/pay', { ...pay, traceId })).json.data).toEqual({ traceId: ['trace id 已经存在'] });
		});

		it('generates a payTraceId when no traceId is given; a memo with a ref is fine', async () => {
			const n = env.sim.state.orders.length;
			expect((await post('/convert/pay', { ...pay, memo: memoOf(`EX#CO#${BTC}#m.3740051`) })).json.success).toBe(true);
			expect(env.sim.state.orders).toHaveLength(n + 1);
			expect(env.sim.state.payments.at(-1).payTraceId).toMatch(/^[0-9a-f-]{36}$/);
		});

		it.each([
			['the memo as plain text', { ...pay, memo: `EX#CO#${BTC}` }, 'memo'],
			['the memo unpadded', { ...pay, memo: memoOf(`EX#CO#${BTC}#m.3740051`).replace(/=+$/, '') }, 'memo'],
			['the memo with | separators', { ...pay, memo: memoOf(`EX|CO|${BTC}`) }, 'memo'],
			['the memo in base64url', { ...pay, memo: Buffer.from(`EX#CO#${BTC}#m.1>?`).toString('base64url') }, 'memo'],
			['the memo with a trailing newline', { ...pay, memo: memoOf(`EX#CO#${BTC}\n`) }, 'memo'],
			['a memo to the asset paid', { ...pay, memo: memoOf(`EX#CO#${USDT}`) }, 'memo'],
			['receiveAssetUuid instead of a memo', { payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '1', receiveAssetUuid: BTC }, 'memo'],
			['payTraceId instead of traceId', { ...pay, payTraceId: crypto.randomUUID() }, 'payTraceId'],
			['no payWallet', { payAssetUuid: USDT, payAssetAmount: '1', memo: MEMO }, 'payWallet'],
		])('refuses %s', async (_name, body, field) => {
			const r = await post('/convert/pay', body);
			expect(r.status).toBe(422);
			expect(r.json).toMatchObject({ code: '10001', success: false });
			expect(r.json.data[field]).toEqual([expect.any(String)]);
		});

		it('answers 20005 for more than the balance, and records nothing', async () => {
			const n = env.sim.state.orders.length;
			expect((await post('/convert/pay', { ...pay, payAssetAmount: '99999999' })).json).toMatchObject({ code: '20005', message: '余额不足', data: [] });
			expect(env.sim.state.orders).toHaveLength(n);
		});
	});

	describe('loans', () => {
		it('GET /loan and /loan/available answer the Loan page fields', async () => {
			const overview = await get('/loan');
			expect(overview.json).toMatchObject({ code: 0, data: { stopLoan: false, outstanding: expect.any(String), marginRate: expect.any(String) } });
			expect(Object.keys(overview.json.data)).toHaveLength(10);
			const available = await get(`/loan/available?assetUuid=${USDT}&wallet=fundpool`);
			expect(available.json.data).toMatchObject({ stopLoan: false, assetUuid: USDT, assetSymbol: 'USDT', availableAmount: expect.any(String) });
			expect((await get('/loan/available')).json.data).toEqual({ assetUuid: ['asset uuid 不能为空'] });
			expect((await get(`/loan/available?assetUuid=${USDT}&wallet=epc`)).json.data).toEqual({ wallet: ['选定的 wallet 是无效的'] });
		});

		it('GET /loan/detail and /loan/repayment/list take applyTraceId; /loan/repayment/status repaymentTraceId', async () => {
			const loan = env.sim.state.loans[0];
			const detail = await get(`/loan/detail?applyTraceId=${loan.applyTraceId}`);
			expect(detail.json.data).toMatchObject({ applyTraceId: loan.applyTraceId, status: 'repaying', totalPending: expect.any(String), asset: { uuid: USDT } });
			const repayments = await get(`/loan/repayment/list?applyTraceId=${loan.applyTraceId}`);
			expect(repayments.json).toMatchObject({ code: '0', meta: { total: 5, count: 5, perPage: 50, currentPage: 1, nextLink: '' } });
			expect(Object.keys(repayments.json.data[0]).sort()).toEqual(['amount', 'asset', 'createdAt', 'id', 'interestAmount', 'overdueAmount', 'repayAmount', 'updatedAt']);
			const trace = env.sim.state.repayments[0].repaymentTraceId;
			expect((await get(`/loan/repayment/status?repaymentTraceId=${trace}`)).json.data).toEqual({ asset: expect.any(Object), amount: expect.any(String), time: expect.any(Number) });
			expect((await get(`/loan/detail?loanId=${loan.applyTraceId}`)).json.data).toEqual({ applyTraceId: ['apply trace id 不能为空'], loanId: ['loan id 是未定义的参数'] });
			expect((await get(`/loan/detail?applyTraceId=${crypto.randomUUID()}`)).json.data).toEqual({ applyTraceId: ['选定的 apply trace id 是无效的'] });
			expect((await get('/loan/repayment/list')).json.data).toEqual({ applyTraceId: ['apply trace id 不能为空'] });
			expect((await get(`/loan/repayment/status?traceId=${trace}`)).json.data).toEqual({ repaymentTraceId: ['repayment trace id 不能为空'], traceId: ['trace id 是未定义的参数'] });
		});

		it('GET /loan/list answers every loan with meta perPage 50, filters by status and dates, and takes no page', async () => {
			const all = await get('/loan/list');
			expect(all.json).toMatchObject({ code: '0', success: true, meta: { total: 12, count: 12, perPage: 50, currentPage: 1, nextLink: '' } });
			expect(all.json.data[0].totalPending).toBeUndefined();
			expect((await get('/loan/list?status=using')).json.data.every((l: any) => l.status === 'repaying')).toBe(true);
			expect((await get('/loan/list?status=cleared')).json.meta.total).toBe(3);
			const day = all.json.data[3].createdAt;
			expect((await get(`/loan/list?dateStart=${day}&dateEnd=${day}`)).json.data.map((l: any) => l.id)).toEqual([all.json.data[3].id]);
			expect((await get('/loan/list?status=repaying')).json.data).toEqual({ status: ['选定的 status 是无效的'] });
			expect((await get('/loan/list?page=1&limit=5')).json.data).toEqual({ page: ['page 是未定义的参数'], limit: ['limit 是未定义的参数'] });
			expect((await get('/loan/list?dateStart=2024-01-01')).json.data).toEqual({ dateStart: ['date start 必须是整数'] });
		});
	});

	it('GET /asset/relations is public and groups each asset with its mirror', async () => {
		const r = await call('GET', '/api/v2/asset/relations');
		expect(r.json).toMatchObject({ code: 0, success: true });
		const btc = r.json.data.find((g: any) => g.assets.some((a: any) => a.mixinId === BTC));
		expect(btc).toMatchObject({ parentAssetId: 1, mirrorAsset: { symbol: 'exBTC', parentAssetId: 1 }, assets: [{ id: 1, symbol: 'BTC', parentAssetId: 1 }] });
		expect(r.json.data.filter((g: any) => g.mirrorAsset === null).length).toBeGreaterThan(0);
	});
});
