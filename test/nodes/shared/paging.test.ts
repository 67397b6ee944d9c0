/**
 * Return All and Limit (nodes/shared/paging.ts), through either node: pages are followed until the
 * server says there are no more or a page brings nothing new, no record is emitted twice, a Limit stops
 * at the first page that fills it, and Page gets one page as one item with the paging information.
 */
import { useExinOneNode } from '../../support/exinone-node';
import { useRainbowNode } from '../../support/rainbow-node';
import { expectPaired } from '../../support/run-node';

describe('through the ExinOne node', () => {
	const env = useExinOneNode();
	const { run, calls, last } = env;

	test('Return All follows the pages of the order list; Limit stops early', async () => {
		const total = (env.sim.state.orders as unknown[]).length;
		const all = await run({ resource: 'convert', operation: 'getOrders', returnAll: true, pageSize: 10, filters: {} });
		expect(all).toHaveLength(total);
		expect(new Set(all.map((i) => i.json.payTraceId)).size).toBe(total);
		expect(calls().map((r) => r.query.page)).toEqual(['1', '2', '3']);
		env.sim.reset();
		const some = await run({ resource: 'convert', operation: 'getOrders', returnAll: false, limit: 7, filters: {} });
		expect(some).toHaveLength(7);
		expect(calls()).toHaveLength(1);
		expect(last().query).toMatchObject({ page: '1', limit: '7' });
	});

	test('a list whose meta has no next link is paged by total and per-page instead', async () => {
		// The simulator always sends nextLink; without one, the counts alone must say whether a page follows.
		const page = (currentPage: number, ids: string[]) => ({
			code: 0, success: true, message: '', data: ids.map((payTraceId) => ({ payTraceId })),
			meta: { total: 3, count: ids.length, perPage: 2, currentPage },
		});
		env.sim.respond({ method: 'GET', path: '/api/v2/convert/order/lists', body: page(1, ['a', 'b']), times: 1 });
		env.sim.respond({ method: 'GET', path: '/api/v2/convert/order/lists', body: page(2, ['c']), times: 1 });
		const all = await run({ resource: 'convert', operation: 'getOrders', returnAll: true, pageSize: 2, filters: {} });
		expect(all.map((i) => i.json.payTraceId)).toEqual(['a', 'b', 'c']);
		expect(calls().map((r) => r.query.page)).toEqual(['1', '2']);
	});
});

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	test('Return All follows the pages until count is reached', async () => {
		const output = await run({ resource: 'mint', operation: 'getMany', returnAll: true, pageSize: 10 });
		const pages = env.calls();
		expect(pages.map((r) => r.query)).toEqual([
			{ page: '1', limit: '10' },
			{ page: '2', limit: '10' },
			{ page: '3', limit: '10' },
		]);
		expect(env.sim.count('GET', '/v1/mints/')).toBe(3);
		expect(output).toHaveLength(25);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(25);
		expectPaired(output);
	});

	test('Limit stops after the first page that fills it', async () => {
		const output = await run({ resource: 'mint', operation: 'getMany', returnAll: false, limit: 7 });
		expect(env.sim.count('GET', '/v1/mints/')).toBe(1);
		expect(env.only().query).toEqual({ page: '1', limit: '7' });
		expect(output.map((item) => item.json.id)).toEqual([25, 24, 23, 22, 21, 20, 19]);
	});

	test('Return All stops once count is reached, without asking for an empty page', async () => {
		const output = await run({ resource: 'contract', operation: 'getMany', returnAll: true, pageSize: 3 });
		expect(output).toHaveLength(3);
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(1);
	});

	test('a server that ignores the page parameter: Return All stops at the first page that brings nothing new', async () => {
		const firstPage = { count: 15, items: [1, 2, 3, 4, 5].map((id) => ({ id, name: `m${id}` })) };
		env.sim.respond({ method: 'GET', path: '/v1/metadata/', body: firstPage });
		const output = await run({ resource: 'metadata', operation: 'getMany', returnAll: true, pageSize: 5 });
		expect(output.map((item) => item.json.id)).toEqual([1, 2, 3, 4, 5]);
		expect(env.sim.count('GET', '/v1/metadata/')).toBe(2);
	});

	test('a list that moved between two pages: a record seen on page 1 is not emitted again from page 2', async () => {
		const item = (id: number) => ({ id });
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: { count: 5, items: [5, 4, 3].map(item) }, times: 1 });
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: { count: 6, items: [3, 2, 1].map(item) }, times: 1 });
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: { count: 6, items: [] }, times: 1 });
		const output = await run({ resource: 'mint', operation: 'getMany', returnAll: true, pageSize: 3 });
		expect(output.map((entry) => entry.json.id)).toEqual([5, 4, 3, 2, 1]);
	});

	test('Page gets that one page as one item, with the service\'s count', async () => {
		const output = await run({ resource: 'mint', operation: 'getMany', returnAll: false, limit: 10, page: 3 });
		expect(env.only().query).toEqual({ page: '3', limit: '10' });
		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual({ count: 25, items: expect.any(Array) });
		expect((output[0].json.items as unknown[]).length).toBe(5);
	});
});
