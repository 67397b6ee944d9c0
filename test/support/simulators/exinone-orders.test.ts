/**
 * The ExinOne simulator's order controls (exinone.js createOrder/settleOrder and POST /__sim/orders,
 * /__sim/orders/settle): a test makes a convert order appear in `trading` and settles it when it
 * wants, as a polling trigger would see it through /convert/order/lists and /convert/order/detail.
 */
import crypto from 'node:crypto';

import { USER_ID, useExinOneSim } from './test-clients';

const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';

describe('ExinOne simulator: order controls', () => {
	const env = useExinOneSim();
	const { call, bearer } = env;
	const detail = (payTraceId: string) => call('GET', `/api/v2/convert/order/detail?payTraceId=${payTraceId}`);
	const newest = async (token: string) => (await call('GET', '/api/v2/convert/order/lists?limit=1', { token })).json.data[0];

	it('createOrder records a trading order at the simulator clock, first in the lists', async () => {
		const token = await bearer();
		env.sim.clock.advance(60_000);
		const payTraceId = crypto.randomUUID();
		const before = env.nowS();
		const order = env.sim.createOrder({ payTraceId, payAssetUuid: USDT, receiveAssetUuid: BTC, payAmount: '25' });
		expect(order).toMatchObject({
			payTraceId, payAssetSymbol: 'USDT', receiveAssetSymbol: 'BTC', payAmount: '25.00000000', orderStatus: 'trading',
			receiveAmount: null, estimateReceiveAmount: null, updatedAt: order.createdAt,
		});
		expect(order.createdAt).toBeGreaterThanOrEqual(before);
		expect(order.createdAt).toBeLessThanOrEqual(env.nowS());
		expect(await newest(token)).toEqual(order);
		expect((await detail(payTraceId)).json.data).toEqual(order);
		expect(() => env.sim.createOrder({ payTraceId })).toThrow(/exists/);
		expect(env.sim.createOrder().payTraceId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('settleOrder success: done, refundStatus no, receiveAmount filled, updatedAt moved', async () => {
		const { payTraceId, updatedAt } = env.sim.createOrder({ payAssetUuid: USDT, receiveAssetUuid: BTC, payAmount: '650' });
		env.sim.settleOrder(payTraceId, 'success');
		const d = (await detail(payTraceId)).json.data;
		expect(d).toMatchObject({ orderStatus: 'done', refundStatus: 'no', receiveAmount: expect.stringMatching(/^0\.00\d{6}$/), estimateReceiveAmount: expect.any(String) });
		expect(d.updatedAt).toBeGreaterThan(updatedAt);
		const fixed = env.sim.createOrder();
		expect(env.sim.settleOrder(fixed.payTraceId, 'success', { receiveAmount: '0.001' }).receiveAmount).toBe('0.00100000');
	});

	it('settleOrder refunded: done, refundStatus done', async () => {
		const { payTraceId } = env.sim.createOrder();
		env.sim.settleOrder(payTraceId, 'refunded');
		expect((await detail(payTraceId)).json.data).toMatchObject({ orderStatus: 'done', refundStatus: 'done', receiveAmount: null });
		expect(() => env.sim.settleOrder(crypto.randomUUID(), 'success')).toThrow(/no order/);
		expect(() => env.sim.settleOrder(payTraceId, 'failed' as any)).toThrow(/outcome/);
	});

	it('an order made for one user is listed for that user only', async () => {
		const token = await bearer();
		const mine = env.sim.createOrder({ userId: USER_ID });
		expect((await newest(token)).payTraceId).toBe(mine.payTraceId);
		const theirs = env.sim.createOrder({ userId: crypto.randomUUID() });
		expect((await newest(token)).payTraceId).toBe(mine.payTraceId);
		expect((await detail(theirs.payTraceId)).json.success).toBe(true);
	});

	it('are driven over /__sim/orders and /__sim/orders/settle too', async () => {
		const token = await bearer();
		const payTraceId = crypto.randomUUID();
		const made = await call('POST', '/__sim/orders', { body: { payTraceId, payAssetUuid: BTC, receiveAssetUuid: USDT, payAmount: '0.01' } });
		expect(made.json.order).toMatchObject({ payTraceId, orderStatus: 'trading' });
		const settled = await call('POST', '/__sim/orders/settle', { body: { payTraceId, outcome: 'success' } });
		expect(settled.json.order).toMatchObject({ orderStatus: 'done', refundStatus: 'no' });
		expect((await newest(token)).payTraceId).toBe(payTraceId);
		expect((await call('POST', '/__sim/orders/settle', { body: { payTraceId: crypto.randomUUID(), outcome: 'success' } })).status).toBe(400);
		// control requests are not logged nor counted
		expect(env.sim.count('POST', /__sim/)).toBe(0);
	});
});
