/**
 * The ExinOne Trigger (nodes/ExinOne/ExinOneTrigger.node.ts) through n8n-core's real PollContext, as
 * n8n runs a polling trigger (test/support/poll-node.ts), against the ExinOne simulator: the test
 * places convert orders and settles or refunds them between polls. The simulator's orders outlive a
 * test; each test activates its own trigger, for which the earlier ones are history.
 */
import type { IDataObject } from 'n8n-workflow';

import { ExinOneTrigger } from '../../../nodes/ExinOne/ExinOneTrigger.node';
import { STATE_KEY } from '../../../nodes/shared/poll-trigger';
import { useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';
import { emitted, Poller } from '../../support/poll-node';
import { CREDENTIAL_ID } from '../../support/run-node';

const env = useExinOneNode();
const LIST = '/api/v2/convert/order/lists';

const trigger = (parameters: IDataObject = {}) =>
	new Poller({ store: env.store, node: new ExinOneTrigger(), parameters, credentials: { mixinKeystoreApi: CREDENTIAL_ID } });
const place = () => env.sim.createOrder() as { payTraceId: string; id: number };
const settle = (order: { payTraceId: string }, outcome: 'success' | 'refunded') => env.sim.settleOrder(order.payTraceId, outcome);
const orderOf = (id: unknown) => (env.sim.state.orders as IDataObject[]).find((o) => o.id === id);
const traceIds = (output: Awaited<ReturnType<Poller['poll']>>) => emitted(output).map((o) => o.payTraceId);

describe('ExinOne Trigger', () => {
	test('activation records a baseline and emits nothing: the settled and refunded orders of history are no flood', async () => {
		const poller = trigger();
		expect(await poller.activate()).toBeNull();
		const [request] = env.calls();
		expect(request).toMatchObject({ method: 'GET', path: LIST, query: { page: '1', limit: '50' }, status: 200 });
		expect(request.headers.authorization).toMatch(/^Bearer ey/);
		expect(await poller.poll()).toBeNull();
	});

	test('two orders settled and one refunded between polls: each emitted once, oldest first, as ExinOne returned it', async () => {
		const poller = trigger();
		await poller.activate();
		const [a, b, c] = [place(), place(), place()];
		settle(a, 'success');
		settle(b, 'refunded');
		settle(c, 'success');
		const output = await poller.poll();
		expect(traceIds(output)).toEqual([a.payTraceId, b.payTraceId, c.payTraceId]);
		expect(emitted(output)).toEqual([orderOf(a.id), orderOf(b.id), orderOf(c.id)]);
		expect(emitted(output).map((o) => [o.orderStatus, o.refundStatus])).toEqual([['done', 'no'], ['done', 'done'], ['done', 'no']]);
		expect(await poller.poll()).toBeNull();
	});

	test('an order trading at one poll (or at activation) and settled before the next is emitted', async () => {
		const early = place();
		const poller = trigger();
		await poller.activate();
		const late = place();
		expect(await poller.poll()).toBeNull();
		settle(late, 'success');
		settle(early, 'refunded');
		expect(traceIds(await poller.poll())).toEqual([early.payTraceId, late.payTraceId]);
		expect(await poller.poll()).toBeNull();
	});

	test('ExinOne\'s `meta` says when another page follows: a poll reads on to the orders it follows', async () => {
		const poller = trigger();
		await poller.activate();
		const orders = Array.from({ length: 60 }, () => place());
		expect(await poller.poll()).toBeNull();
		settle(orders[0], 'success');
		env.sim.reset();
		expect(traceIds(await poller.poll())).toEqual([orders[0].payTraceId]);
		expect(env.calls().map((r) => r.query.page)).toEqual(['1', '2']);
	});

	test('Events: Refunded alone emits the refunds only', async () => {
		const poller = trigger({ events: ['refunded'] });
		await poller.activate();
		const [done, refunded] = [place(), place()];
		settle(done, 'success');
		settle(refunded, 'refunded');
		expect(traceIds(await poller.poll())).toEqual([refunded.payTraceId]);
	});

	test('across restarts: the saved state lags behind a null poll, and still nothing is emitted twice or lost', async () => {
		const poller = trigger();
		await poller.activate();
		const a = place();
		expect(await poller.poll()).toBeNull();
		expect(poller.memory()[STATE_KEY]).not.toEqual(poller.savedNodeData()[STATE_KEY]);
		expect(await poller.restart()).toBeNull();
		settle(a, 'success');
		expect(traceIds(await poller.restart())).toEqual([a.payTraceId]);
		expect(await poller.restart()).toBeNull();
		expect(await poller.poll()).toBeNull();
	});

	test('Fetch test event (manual): the most recent settled or refunded order; nothing saved, nothing taken from the next poll', async () => {
		const poller = trigger();
		await poller.activate();
		const [saved, memory] = [poller.saved, poller.memory()];
		const order = place();
		settle(order, 'refunded');
		place(); // newer, still trading: not an event
		expect(traceIds(await poller.manual())).toEqual([order.payTraceId]);
		expect([poller.saved, poller.memory()]).toEqual([saved, memory]);
		expect(traceIds(await poller.poll())).toEqual([order.payTraceId]);
	});

	test('a poll that fails (ExinOne down) says so and changes nothing; the next one emits the order', async () => {
		const poller = trigger();
		await poller.activate();
		const order = place();
		settle(order, 'success');
		env.sim.fault({ method: 'GET', path: LIST, status: 502, retryAfter: 0, times: 4 });
		const error = await captureError(poller.poll());
		expect(error.message).toMatch(/^ExinOne: /);
		expect((error as Error & { description?: string }).description).toMatch(/This poll changed nothing: the next poll emits what it would have\.$/);
		expect(traceIds(await poller.poll())).toEqual([order.payTraceId]);
	});

	describe('a list that does not come newest first (canned answers: orders created after the baseline)', () => {
		const at = () => Math.floor(env.sim.clock.now() / 1000);
		const order = (id: number, createdAt: number, refundStatus = 'no') => ({ id, payTraceId: `t-${id}`, orderStatus: 'done', refundStatus, createdAt });
		const answer = (data: IDataObject[]) => ({ code: 0, success: true, message: '', data, timestampMs: env.sim.clock.now() });

		test('oldest first: the poll fails saying so and changes nothing, twice; newest first again, every order is emitted once', async () => {
			const poller = trigger();
			await poller.activate();
			const [saved, memory] = [poller.saved, poller.memory()];
			const orders = [order(90000001, at() + 10), order(90000002, at() + 20, 'done'), order(90000003, at() + 30)];
			env.sim.respond({ method: 'GET', path: LIST, body: answer(orders), times: 2 });
			for (let i = 0; i < 2; i++) {
				const error = await captureError(poller.poll());
				expect(error.message).toBe('ExinOne listed convert orders oldest first; the trigger needs newest first');
				expect((error as Error & { description?: string }).description).toMatch(/^Page 1 of the list begins with id 90000001 and ends with the newer id 90000003\. .* This poll changed nothing/);
				expect([poller.saved, poller.memory()]).toEqual([saved, memory]);
			}
			env.sim.respond({ method: 'GET', path: LIST, body: answer([...orders].reverse()), times: 2 });
			expect(traceIds(await poller.poll())).toEqual(['t-90000001', 't-90000002', 't-90000003']);
			expect(await poller.poll()).toBeNull();
		});

		test('orders of one second may come in any order: no error, each emitted once', async () => {
			const poller = trigger();
			await poller.activate();
			const second = at() + 10;
			env.sim.respond({ method: 'GET', path: LIST, body: answer([order(90000011, second), order(90000012, second), order(90000010, second - 5)]), times: 2 });
			expect(traceIds(await poller.poll())).toEqual(['t-90000010', 't-90000011', 't-90000012']);
			expect(await poller.poll()).toBeNull();
		});
	});
});
