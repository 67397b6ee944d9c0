/**
 * The ExinOne node's convert resource (nodes/ExinOne/resources/convert.ts), against the simulator's
 * checks of ExinOne's "Convert" page: the public endpoints (no credential needed), the order list's
 * unix-second filters, the convert memo, paying from the trading account, and following an order to
 * done or refunded.
 */
import { randomUUID } from 'node:crypto';

import { BTC, USDT, useExinOneNode } from '../../support/exinone-node';
import { captureError, until } from '../../support/lifecycle';

const env = useExinOneNode();
const { run, last, calls } = env;
const memoText = (memo: string) => Buffer.from(memo, 'base64').toString('utf8');

describe('public convert endpoints', () => {
	test.each([true, false])('work with (%s) or without a credential, and cause no login', async (credential) => {
		// Without a credential, the Base URL option points the call at the simulator.
		const options = credential ? {} : { publicOptions: { baseUrl: env.sim.baseUrl } };
		const items = await run({ resource: 'convert', operation: 'getAssets', ...options }, { credential });
		expect(items.length).toBeGreaterThan(3);
		expect(Object.keys(items[0].json).sort()).toEqual(['mixinChainId', 'mixinId', 'name', 'symbol']);
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/convert/assets', status: 200 });
		expect(last().headers.authorization).toBeUndefined();
		expect(env.sim.count('POST', '/api/v2/mixin/me')).toBe(0);
	});

	test('estimate sends its parameters as query, withRange as 0/1', async () => {
		const [item] = await run({ resource: 'convert', operation: 'estimate', payAssetUuid: USDT, payAssetAmount: '100.5', receiveAssetUuid: BTC, withRange: true });
		expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/convert/estimate/amount', status: 200 });
		expect(last().query).toEqual({ payAssetUuid: USDT, payAssetAmount: '100.5', receiveAssetUuid: BTC, withRange: '1' });
		expect(item.json).toHaveProperty('range');
	});

	test('getOrder by pay trace id; an unknown one is ExinOne\'s 30004, with its message', async () => {
		const known = (env.sim.state.orders as Array<{ payTraceId: string }>)[0].payTraceId;
		const [item] = await run({ resource: 'convert', operation: 'getOrder', payTraceId: known });
		expect(item.json.payTraceId).toBe(known);
		expect(last()).toMatchObject({ path: '/api/v2/convert/order/detail', query: { payTraceId: known } });
		const error = await captureError(run({ resource: 'convert', operation: 'getOrder', payTraceId: randomUUID() }));
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe('ExinOne: 选定的 pay trace id 是无效的 (code 30004)');
	});
});

describe('the convert memo', () => {
	test('buildMemo is base64 of EX#CO#<asset>[#<ref>], with the bot to send to; nothing is sent', async () => {
		const [plain] = await run({ resource: 'convert', operation: 'buildMemo', receiveAssetUuid: BTC });
		expect(plain.json).toEqual({ memo: 'RVgjQ08jYzZkMGM3MjgtMjYyNC00MjliLThlMGQtZDlkMTliNjU5MmZh', memoText: `EX#CO#${BTC}`, recipientId: '61103d28-3ac2-44a2-ae34-bd956070dab1' });
		const [withRef] = await run({ resource: 'convert', operation: 'buildMemo', receiveAssetUuid: BTC, ref: 'm.3740051' });
		expect(memoText(withRef.json.memo as string)).toBe(`EX#CO#${BTC}#m.3740051`);
		expect((withRef.json.memo as string).endsWith('==')).toBe(true);
		expect(env.sim.requests).toHaveLength(0);
	});

	test('a receive asset that is not a UUID is refused, naming the field', async () => {
		const error = await captureError(run({ resource: 'convert', operation: 'buildMemo', receiveAssetUuid: 'BTC' }));
		expect(error.message).toBe('The Receive Asset UUID field is not a UUID');
	});
});

describe('orders', () => {
	test('order list filters are the n8n date-times as unix seconds', async () => {
		await run({ resource: 'convert', operation: 'getOrders', returnAll: false, limit: 5, filters: { dateStart: '2024-01-02T10:00:00Z', dateEnd: '2024-03-04T00:00:00+08:00' } });
		expect(last()).toMatchObject({ status: 200, query: { dateStart: '1704189600', dateEnd: String(Date.parse('2024-03-04T00:00:00+08:00') / 1000), page: '1', limit: '5' } });
	});

	test('Page gets one page as one item, with ExinOne\'s meta', async () => {
		const [item] = await run({ resource: 'convert', operation: 'getOrders', returnAll: false, limit: 5, page: 2, filters: {} });
		expect(last().query).toEqual({ page: '2', limit: '5' });
		expect(item.json.meta).toMatchObject({ currentPage: 2, perPage: 5, total: expect.any(Number), nextLink: expect.stringContaining('page=3') });
		expect((item.json.data as unknown[]).length).toBe(5);
	});

	test('pay (draft) posts from the fund pool with the convert memo and a trace ID, and outputs that trace ID', async () => {
		const traceId = randomUUID();
		const parameters = { resource: 'convert', operation: 'pay', payAssetUuid: USDT, payAssetAmount: '10', receiveAssetUuid: BTC, traceId };
		const [item] = await run(parameters);
		expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/convert/pay', status: 200 });
		const body = last().body as Record<string, string>;
		expect(body).toEqual({ payWallet: 'fundpool', payAssetUuid: USDT, payAssetAmount: '10', memo: expect.any(String), traceId });
		expect(memoText(body.memo)).toBe(`EX#CO#${BTC}`);
		expect(item.json).toEqual({ success: true, traceId });
		// The payment became an order under that trace ID.
		const [order] = await run({ resource: 'convert', operation: 'getOrder', payTraceId: traceId });
		expect(order.json).toMatchObject({ payTraceId: traceId, orderStatus: 'trading' });
	});

	test('pay is not resent after a 500', async () => {
		env.sim.fault({ method: 'POST', path: '/api/v2/convert/pay', status: 500 });
		const error = await captureError(run({ resource: 'convert', operation: 'pay', payAssetUuid: USDT, payAssetAmount: '10', receiveAssetUuid: BTC }));
		expect(error.message).toMatch(/^ExinOne: /);
		expect(env.sim.count('POST', '/api/v2/convert/pay')).toBe(1);
	});
});

describe('following a payment to its order', () => {
	const follow = (payTraceId: string, waitOptions: object) => run({ resource: 'convert', operation: 'getOrder', payTraceId, waitOptions });
	const asked = (payTraceId: string) => calls().filter((r) => r.query.payTraceId === payTraceId).length;
	test('"no order yet" (30004) and "trading" are waited through until it is done', async () => {
		const payTraceId = randomUUID();
		const running = follow(payTraceId, { wait: true, maxWait: 30, interval: 1 });
		// First the payment is not recorded (30004), then it is, trading, then it settles.
		await until(() => asked(payTraceId) >= 1, 'the first check');
		env.sim.createOrder({ payTraceId, payAssetUuid: USDT, receiveAssetUuid: BTC });
		await until(() => asked(payTraceId) >= 2, 'a check that finds the order trading');
		env.sim.settleOrder(payTraceId, 'success');
		const [order] = await running;
		expect(order.json).toMatchObject({ payTraceId, orderStatus: 'done', refundStatus: 'no' });
		expect(calls()[0].status).toBe(422);
	});

	test('a refund ends the wait too', async () => {
		const payTraceId = randomUUID();
		env.sim.createOrder({ payTraceId, payAssetUuid: USDT, receiveAssetUuid: BTC });
		const running = follow(payTraceId, { wait: true, maxWait: 30, interval: 1 });
		await until(() => asked(payTraceId) >= 1, 'a check that finds the order trading');
		env.sim.settleOrder(payTraceId, 'refunded');
		const [order] = await running;
		expect(order.json).toMatchObject({ payTraceId, orderStatus: 'done', refundStatus: 'done' });
	});

	test('the wait is bounded: an order that stays trading fails the item, saying what it saw', async () => {
		const payTraceId = randomUUID();
		env.sim.createOrder({ payTraceId, payAssetUuid: USDT, receiveAssetUuid: BTC });
		const error = await captureError(follow(payTraceId, { wait: true, maxWait: 2, interval: 1 }));
		expect(error.message).toBe(`The order of pay trace ID ${payTraceId} did not settle within 2 s: it is still trading`);
		expect(calls().filter((r) => r.path === '/api/v2/convert/order/detail')).toHaveLength(3);
	});
});
