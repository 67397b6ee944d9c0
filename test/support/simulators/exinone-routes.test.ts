/**
 * The ExinOne simulator's published endpoints (exinone-routes.js; ExinOne's developer docs pages
 * Convert, Users, Wallets, Referral): the answers' shapes, the order list's paging and date filter, and
 * Laravel-style validation (every failing field in `data`, the first message as `message`, undefined
 * parameters refused), with 30004 for an unknown payTraceId exactly as captured from ExinOne.
 */
import crypto from 'node:crypto';

import { USER_ID, useExinOneSim } from './test-clients';

const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const EPC = '44adc71b-0c37-3b42-aa19-fe2d59dae5fd';
const estimate = (q: string) => `/api/v2/convert/estimate/amount?${q}`;
const good = `payAssetUuid=${USDT}&payAssetAmount=100&receiveAssetUuid=${BTC}`;

describe('ExinOne simulator: published endpoints', () => {
	const env = useExinOneSim();
	const { call, bearer } = env;

	describe('public convert endpoints', () => {
		it('list the assets as {mixinId, mixinChainId, symbol, name}, with no token', async () => {
			const r = await call('GET', '/api/v2/convert/assets');
			expect(r.json).toMatchObject({ code: '0', success: true, message: '', timestampMs: expect.any(Number) });
			expect(r.json.data.find((a: any) => a.symbol === 'BTC')).toEqual({ mixinId: BTC, mixinChainId: BTC, symbol: 'BTC', name: 'Bitcoin' });
			expect((await call('GET', '/api/v2/convert/assets?page=1')).json.data).toEqual({ page: ['page 是未定义的参数'] });
		});

		it('estimate with the documented fields; range only with withRange=1', async () => {
			const r = await call('GET', estimate(`${good}&withRange=1`));
			expect(r.json.data).toMatchObject({
				calcSum: expect.stringMatching(/^\d+\.\d{8}$/), fee: '0.0020', isAllowEpc: true, isTradeAvailable: true,
				route: { asset: [{ mixinId: USDT }, { mixinId: BTC }], exchange: [expect.objectContaining({ id: expect.any(Number) })] },
				range: { min: expect.any(String), max: expect.any(String), withOutDelayMax: expect.any(String) },
			});
			expect((await call('GET', estimate(`${good}&withRange=0`))).json.data.range).toBeUndefined();
			expect((await call('GET', estimate(good))).json.success).toBe(true);
		});

		it.each([
			['nothing', '', { payAssetUuid: ['pay asset uuid 不能为空'], payAssetAmount: ['pay asset amount 不能为空'], receiveAssetUuid: ['receive asset uuid 不能为空'] }],
			['withRange=true', `${good}&withRange=true`, { withRange: ['with range 必须是整数'] }],
			['withRange=2', `${good}&withRange=2`, { withRange: ['选定的 with range 是无效的'] }],
			['a symbol for a UUID', `payAssetUuid=USDT&payAssetAmount=1&receiveAssetUuid=${BTC}`, { payAssetUuid: ['pay asset uuid 必须是有效的 UUID'] }],
			['an unknown asset', `payAssetUuid=${crypto.randomUUID()}&payAssetAmount=1&receiveAssetUuid=${BTC}`, { payAssetUuid: ['选定的 pay asset uuid 是无效的'] }],
			['a negative amount', `payAssetUuid=${USDT}&payAssetAmount=-1&receiveAssetUuid=${BTC}`, { payAssetAmount: [expect.stringContaining('pay asset amount')] }],
			['a zero amount', `payAssetUuid=${USDT}&payAssetAmount=0.0&receiveAssetUuid=${BTC}`, { payAssetAmount: [expect.any(String)] }],
			['9 decimals', `payAssetUuid=${USDT}&payAssetAmount=0.123456789&receiveAssetUuid=${BTC}`, { payAssetAmount: [expect.any(String)] }],
			['the same asset twice', `payAssetUuid=${USDT}&payAssetAmount=1&receiveAssetUuid=${USDT}`, { receiveAssetUuid: ['receive asset uuid 和 pay asset uuid 必须不同'] }],
			['an undefined parameter', `${good}&amount=1`, { amount: ['amount 是未定义的参数'] }],
		])('estimate refuses %s with a validation error', async (_name, query, data) => {
			const r = await call('GET', estimate(query));
			expect(r.status).toBe(422);
			expect(r.json).toEqual({ code: '10001', success: false, message: Object.values(data)[0][0], data, timestampMs: expect.any(Number) });
		});

		it('order detail: 30004 without timestampMs for an unknown payTraceId, 10001 for a missing or malformed one', async () => {
			const known = env.sim.state.orders[0].payTraceId;
			const r = await call('GET', `/api/v2/convert/order/detail?payTraceId=${known}`);
			expect(r.json).toMatchObject({ code: '0', success: true, data: { payTraceId: known, source: 'snapshot', orderStatus: expect.any(String) } });
			const unknown = await call('GET', `/api/v2/convert/order/detail?payTraceId=${crypto.randomUUID()}`);
			expect(unknown.status).toBe(422);
			expect(unknown.text).toBe('{"success":false,"message":"选定的 pay trace id 是无效的","data":{"payTraceId":["选定的 pay trace id 是无效的"]},"code":"30004"}');
			expect((await call('GET', '/api/v2/convert/order/detail')).json).toMatchObject({ code: '10001', data: { payTraceId: ['pay trace id 不能为空'] } });
			expect((await call('GET', '/api/v2/convert/order/detail?payTraceId=abc')).json.data).toEqual({ payTraceId: ['pay trace id 必须是有效的 UUID'] });
			expect((await call('GET', `/api/v2/convert/order/detail?traceId=${known}`)).json.data).toEqual({
				payTraceId: ['pay trace id 不能为空'],
				traceId: ['trace id 是未定义的参数'],
			});
		});
	});

	describe('GET /convert/order/lists', () => {
		const lists = (q = '') => `/api/v2/convert/order/lists${q}`;

		it('needs the bearer token', async () => {
			expect((await call('GET', lists())).status).toBe(401);
		});

		it('pages with page (default 1) and limit (default 10), nextLink a full URL or "" on the last page', async () => {
			const token = await bearer();
			const p1 = await call('GET', lists(), { token });
			expect(p1.json).toMatchObject({ code: '0', success: true, meta: { total: 25, count: 10, perPage: 10, currentPage: 1 } });
			expect(p1.json.meta.nextLink).toBe(`${env.sim.baseUrl}/convert/order/lists?page=2`);
			const p2 = await call('GET', p1.json.meta.nextLink.slice(env.sim.url.length), { token });
			expect(p2.json.meta).toMatchObject({ currentPage: 2, count: 10 });
			const p3 = await call('GET', lists('?page=3&limit=10'), { token });
			expect(p3.json.meta).toEqual({ total: 25, count: 5, perPage: 10, currentPage: 3, nextLink: '' });
			const all = [...p1.json.data, ...p2.json.data, ...p3.json.data];
			expect(new Set(all.map((o: any) => o.payTraceId)).size).toBe(25);
			// newest first
			const times = all.map((o: any) => o.createdAt);
			expect(times).toEqual([...times].sort((a, b) => b - a));
			const limited = await call('GET', lists('?limit=7'), { token });
			expect(limited.json.meta.nextLink).toBe(`${env.sim.baseUrl}/convert/order/lists?limit=7&page=2`);
		});

		it('answers orders in the shape of the Convert page, times in unix seconds', async () => {
			const token = await bearer();
			const [o] = (await call('GET', lists('?limit=1'), { token })).json.data;
			expect(Object.keys(o).sort()).toEqual([
				'createdAt', 'estimateReceiveAmount', 'feeAmount', 'feeAssetSymbol', 'feeAssetUuid', 'id', 'orderStatus', 'payAmount',
				'payAssetSymbol', 'payAssetUuid', 'payTraceId', 'payWalletType', 'payWalletUuid', 'receiveAmount', 'receiveAssetSymbol',
				'receiveAssetUuid', 'receiveTraceId', 'receiveWalletType', 'receiveWalletUuid', 'refundStatus', 'source', 'updatedAt',
			]);
			expect(String(o.createdAt)).toMatch(/^\d{10}$/);
			const statuses = new Set(env.sim.state.orders.map((x: any) => `${x.orderStatus}/${x.refundStatus}`));
			expect([...statuses].sort()).toEqual(['done/done', 'done/no', 'trading/no']);
		});

		it('filters on createdAt with dateStart/dateEnd in unix seconds, inclusive', async () => {
			const token = await bearer();
			const orders = (await call('GET', lists('?limit=100'), { token })).json.data;
			const [from, to] = [orders[6].createdAt, orders[2].createdAt];
			const r = await call('GET', lists(`?dateStart=${from}&dateEnd=${to}&limit=100`), { token });
			expect(r.json.data.map((o: any) => o.id)).toEqual(orders.slice(2, 7).map((o: any) => o.id));
			expect(r.json.meta.total).toBe(5);
		});

		it.each([
			['page=0', { page: ['page 必须大于或等于 1'] }],
			['page=x', { page: ['page 必须是整数'] }],
			['limit=101', { limit: ['limit 必须小于或等于 100'] }],
			['limit=', { limit: ['limit 必须是整数'] }],
			['dateStart=2024-01-31', { dateStart: ['date start 必须是整数'] }],
			['dateEnd=2024-01-31T00:00:00Z', { dateEnd: ['date end 必须是整数'] }],
			['dateStart=1706659200000', { dateStart: ['date start 必须小于或等于 9999999999'] }],
			['pageSize=5', { pageSize: ['page size 是未定义的参数'] }],
		])('refuses %s', async (query, data) => {
			const r = await call('GET', lists(`?${query}`), { token: await bearer() });
			expect(r.status).toBe(422);
			expect(r.json).toMatchObject({ code: '10001', success: false, message: Object.values(data)[0][0], data });
		});
	});

	describe('users, wallet, referral', () => {
		it('GET /users/me answers the Users page fields, refPercentage included', async () => {
			const r = await call('GET', '/api/v2/users/me', { token: await bearer() });
			expect(r.json).toEqual({
				code: '0', success: true, message: '', timestampMs: expect.any(Number),
				data: {
					uuid: USER_ID, epcUuid: expect.stringMatching(/^[0-9a-f-]{36}$/), creditTotal: expect.any(String), creditUsed: expect.any(String),
					creditAvailable: expect.any(String), creditUpdatedAt: expect.any(Number), ref: expect.stringMatching(/^m\.\d+$/), refPercentage: '0.1',
				},
			});
		});

		it('GET /wallet/asset needs assetUuid and wallet=epc, and answers one Mixin-style asset', async () => {
			const token = await bearer();
			const r = await call('GET', `/api/v2/wallet/asset?assetUuid=${EPC}&wallet=epc`, { token });
			expect(r.json.data).toMatchObject({ type: 'asset', assetId: EPC, symbol: 'EPC', balance: expect.stringMatching(/^\d+\.\d{8}$/), precision: 8, depositEntries: [expect.any(Object)] });
			expect((await call('GET', '/api/v2/wallet/asset', { token })).json.data).toEqual({ assetUuid: ['asset uuid 不能为空'], wallet: ['wallet 不能为空'] });
			expect((await call('GET', `/api/v2/wallet/asset?assetUuid=${EPC}&wallet=mixin`, { token })).json.data).toEqual({ wallet: ['选定的 wallet 是无效的'] });
			expect((await call('GET', `/api/v2/wallet/asset?assetUuid=${EPC}&wallet=`, { token })).json.data).toEqual({ wallet: ['wallet 不能为空'] });
		});

		it('GET /referral_statistics/me answers the Referral page fields and takes no parameter', async () => {
			const token = await bearer();
			const r = await call('GET', '/api/v2/referral_statistics/me', { token });
			expect(r.json.data).toEqual({ percentage: '0.1', ref: expect.stringMatching(/^m\./), usdtAmountTotal: expect.any(String), epcAmountTotal: expect.any(String), count: expect.any(Number) });
			expect((await call('GET', '/api/v2/referral_statistics/me?page=1', { token })).status).toBe(422);
			expect((await call('GET', '/api/v2/users/me?x=1', { token })).json.data).toEqual({ x: ['x 是未定义的参数'] });
		});
	});
});
