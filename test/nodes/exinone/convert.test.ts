/**
 * The ExinOne node's convert resource (nodes/ExinOne/resources/convert.ts): the public endpoints (no
 * credential needed), the order list's filters, and paying.
 */
import { randomUUID } from 'node:crypto';

import { BTC, USDT, useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';

const env = useExinOneNode();
const { run, last } = env;

describe('public convert endpoints', () => {
	test.each([true, false])('work with (%s) or without a credential, and cause no login', async (credential) => {
		// Without a credential, the Base URL option points the call at the simulator.
		const options = credential ? {} : { publicOptions: { baseUrl: env.sim.baseUrl } };
		const items = await run({ resource: 'convert', operation: 'getAssets', ...options }, { credential });
		expect(items.length).toBeGreaterThan(3);
		expect(items[0].json).toHaveProperty('assetUuid');
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/convert/assets' });
		expect(last().headers.authorization).toBeUndefined();
		expect(env.sim.count('POST', '/api/v2/mixin/me')).toBe(0);
	});

	test('estimate sends its parameters as query, withRange as 0/1', async () => {
		const [item] = await run({ resource: 'convert', operation: 'estimate', payAssetUuid: USDT, payAssetAmount: '100.5', receiveAssetUuid: BTC, withRange: true });
		expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/convert/estimate/amount', query: { payAssetUuid: USDT, payAssetAmount: '100.5', receiveAssetUuid: BTC, withRange: '1' } });
		expect(item.json).toBeInstanceOf(Object);
	});

	test('getOrder by pay trace id; an unknown one is a NodeApiError with ExinOne\'s message and code', async () => {
		const known = (env.sim.state.orders as Array<{ payTraceId: string }>)[0].payTraceId;
		const [item] = await run({ resource: 'convert', operation: 'getOrder', payTraceId: known });
		expect(item.json.payTraceId).toBe(known);
		expect(last()).toMatchObject({ path: '/api/v2/convert/order/detail', query: { payTraceId: known } });
		const error = await captureError(run({ resource: 'convert', operation: 'getOrder', payTraceId: randomUUID() }));
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe('ExinOne: 订单不存在 (code 20004)');
	});
});

describe('orders', () => {
	test('order list date filters are sent as days', async () => {
		await run({ resource: 'convert', operation: 'getOrders', returnAll: false, limit: 5, filters: { dateStart: '2024-01-02T10:00:00', dateEnd: '2024-03-04T00:00:00' } });
		expect(last().query).toMatchObject({ dateStart: '2024-01-02', dateEnd: '2024-03-04' });
	});

	test('pay (draft) posts its body and is not retried on a 500', async () => {
		const payTraceId = randomUUID();
		const parameters = { resource: 'convert', operation: 'pay', payAssetUuid: USDT, payAssetAmount: '10', receiveAssetUuid: BTC, payTraceId };
		const [item] = await run(parameters);
		expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/convert/pay', body: { payAssetUuid: USDT, payAssetAmount: '10', receiveAssetUuid: BTC, payTraceId } });
		expect(item.json.payTraceId).toBe(payTraceId);
		env.sim.reset();
		env.sim.fault({ method: 'POST', path: '/api/v2/convert/pay', status: 500 });
		const error = await captureError(run({ ...parameters, payTraceId: randomUUID() }));
		expect(error.message).toMatch(/^ExinOne: /);
		expect(env.sim.count('POST', '/api/v2/convert/pay')).toBe(1);
	});
});
