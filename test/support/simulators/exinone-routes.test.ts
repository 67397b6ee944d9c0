/**
 * The ExinOne simulator's business endpoints (exinone-routes.js): the envelope, `meta` paging, the
 * validation errors, and the state that writes change, as the ExinOne node reads them.
 */
import crypto from 'node:crypto';

import { useExinOneSim } from './test-clients';

describe('ExinOne simulator', () => {
	const env = useExinOneSim();
	const { call, bearer } = env;

	describe('bearer-protected endpoints', () => {
		it('page /convert/order/lists with meta', async () => {
			const token = await bearer();
			const p1 = await call('GET', '/api/v2/convert/order/lists?page=1&limit=10', { token });
			expect(p1.json).toMatchObject({ code: 0, success: true, meta: { total: 25, count: 10, perPage: 10, currentPage: 1 } });
			expect(p1.json.data).toHaveLength(10);
			expect(p1.json.meta.nextLink).toContain('page=2');
			const p2 = await call('GET', p1.json.meta.nextLink.slice(env.sim.url.length), { token });
			expect(p2.json.meta.currentPage).toBe(2);
			expect(p2.json.data[0].payTraceId).not.toBe(p1.json.data[0].payTraceId);
			const p3 = await call('GET', '/api/v2/convert/order/lists?page=3&limit=10', { token });
			expect(p3.json.meta).toMatchObject({ count: 5, nextLink: null });
			const bad = await call('GET', '/api/v2/convert/order/lists?page=0', { token });
			expect(bad.status).toBe(422);
			expect(bad.json.code).toBe('10001');
			const day = p1.json.data[0].createdAt.slice(0, 10);
			const filtered = await call('GET', `/api/v2/convert/order/lists?dateStart=${day}&dateEnd=${day}&limit=100`, { token });
			expect(filtered.json.data.length).toBeGreaterThan(0);
			expect(filtered.json.data.every((o: any) => o.createdAt.startsWith(day))).toBe(true);
		});

		it('answer the wallet, referral, fund pool and loan endpoints', async () => {
			const token = await bearer();
			const list = await call('GET', '/api/v2/wallet/asset', { token });
			expect(list.json.data.length).toBeGreaterThan(3);
			const usdt = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
			const one = await call('GET', `/api/v2/wallet/asset?assetUuid=${usdt}&wallet=epc`, { token });
			expect(one.json.data).toMatchObject({ assetUuid: usdt, wallet: 'epc', balance: expect.stringMatching(/^\d+\.\d{8}$/) });
			expect((await call('GET', '/api/v2/wallet/asset?wallet=nope', { token })).status).toBe(422);
			expect((await call('GET', '/api/v2/referral_statistics/me', { token })).json.success).toBe(true);
			expect((await call('GET', '/api/v2/fund_pool', { token })).json.code).toBe('0');
			expect((await call('GET', '/api/v2/fund_pool/asset', { token })).json.data).toEqual({ assetUuid: ['assetUuid is required'] });
			const loans = await call('GET', '/api/v2/loan/list?limit=5', { token });
			expect(loans.json.meta).toMatchObject({ total: 12, count: 5 });
			const detail = await call('GET', `/api/v2/loan/detail?loanId=${loans.json.data[0].loanId}`, { token });
			expect(detail.json.data.loanId).toBe(loans.json.data[0].loanId);
			expect((await call('GET', '/api/v2/loan/repayment/list', { token })).json.meta.total).toBe(15);
			expect((await call('GET', '/api/v2/loan/available', { token })).json.success).toBe(true);
			expect((await call('GET', '/api/v2/loan', { token })).json.data.loanCount).toBe(12);
			expect((await call('GET', `/api/v2/loan/repayment/status?traceId=${crypto.randomUUID()}`, { token })).status).toBe(404);
		});

		it('validate and record POST /epc_authentication/transfer and /convert/pay', async () => {
			const token = await bearer();
			const usdt = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
			const btc = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
			const missing = await call('POST', '/api/v2/epc_authentication/transfer', { token, body: { assetUuid: usdt } });
			expect(missing.status).toBe(422);
			expect(Object.keys(missing.json.data).sort()).toEqual(['amount', 'opponentId']);
			const opponentId = crypto.randomUUID();
			const t = await call('POST', '/api/v2/epc_authentication/transfer', { token, body: { assetUuid: usdt, amount: '1.5', opponentId, memo: 'hi' } });
			expect(t.json).toMatchObject({ code: 0, success: true, data: { amount: '1.50000000', opponentId, memo: 'hi' } });
			expect(env.sim.state.transfers.at(-1).body).toEqual({ assetUuid: usdt, amount: '1.5', opponentId, memo: 'hi' });
			const poor = await call('POST', '/api/v2/epc_authentication/transfer', { token, body: { assetUuid: usdt, amount: '999999', opponentId } });
			expect(poor.status).toBe(400);
			expect(poor.json).toMatchObject({ code: '20005', success: false, message: '余额不足' });

			const payTraceId = crypto.randomUUID();
			const pay = await call('POST', '/api/v2/convert/pay', { token, body: { payAssetUuid: usdt, payAssetAmount: '100', receiveAssetUuid: btc, payTraceId } });
			expect(pay.json).toMatchObject({ success: true, data: { payTraceId, status: 'done' } });
			const detail = await call('GET', `/api/v2/convert/order/detail?payTraceId=${payTraceId}`);
			expect(detail.json.data.receiveAmount).toBe(pay.json.data.receiveAmount);
			const dup = await call('POST', '/api/v2/convert/pay', { token, body: { payAssetUuid: usdt, payAssetAmount: '1', receiveAssetUuid: btc, payTraceId } });
			expect(dup.json).toMatchObject({ code: '20006', success: false });
		});
	});

	describe('public endpoints', () => {
		it('need no token', async () => {
			const assets = await call('GET', '/api/v2/convert/assets');
			expect(assets.json).toMatchObject({ code: '0', success: true });
			const btc = assets.json.data.find((a: any) => a.symbol === 'BTC').assetUuid;
			const usdt = assets.json.data.find((a: any) => a.symbol === 'USDT').assetUuid;
			const est = await call('GET', `/api/v2/convert/estimate/amount?payAssetUuid=${btc}&payAssetAmount=0.01&receiveAssetUuid=${usdt}&withRange=1`);
			expect(est.json.data).toMatchObject({ payAssetAmount: '0.01000000', range: { min: expect.any(String), max: expect.any(String) } });
			const miss = await call('GET', `/api/v2/convert/estimate/amount?payAssetUuid=${btc}`);
			expect(miss.status).toBe(422);
			expect(miss.json).toMatchObject({
				code: '10001',
				success: false,
				message: '参数错误',
				data: { payAssetAmount: ['payAssetAmount is required'], receiveAssetUuid: ['receiveAssetUuid is required'] },
			});
			const unknown = await call('GET', `/api/v2/convert/order/detail?payTraceId=${crypto.randomUUID()}`);
			expect(unknown.status).toBe(404);
			expect(unknown.json).toMatchObject({ code: '20004', success: false, message: '订单不存在' });
		});
	});
});
