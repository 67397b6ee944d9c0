/**
 * The Rainbow Trigger (nodes/Rainbow/RainbowTrigger.node.ts) through n8n-core's real PollContext, as
 * n8n runs a polling trigger (test/support/poll-node.ts), against the Rainbow simulator: tasks are
 * created and settled by the test, between polls.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { RainbowTrigger } from '../../../nodes/Rainbow/RainbowTrigger.node';
import { STATE_KEY } from '../../../nodes/shared/poll-trigger';
import { captureError } from '../../support/lifecycle';
import { emitted, Poller } from '../../support/poll-node';
import { PAGE_1, useRainbowNode } from '../../support/rainbow-node';
import { CREDENTIAL_ID } from '../../support/run-node';

const env = useRainbowNode();

function trigger(parameters: IDataObject = {}) {
	return new Poller({ store: env.store, node: new RainbowTrigger(), parameters: { resource: 'mint', ...parameters }, credentials: { rainbowApi: CREDENTIAL_ID } });
}
const create = (kind: 'mint' | 'transfer' | 'burn' = 'mint') => env.sim.createTask(env.appId, kind) as { id: number };
const settle = (id: number, outcome: 'success' | 'failed', kind: 'mint' | 'transfer' | 'burn' = 'mint') =>
	env.sim.settleTask(env.appId, kind, id, outcome, outcome === 'failed' ? 'execution reverted' : undefined);
const task = (id: number, kind = 'mints') => env.state()[kind].find((t: { id: number }) => t.id === id);
const lists = () => env.calls().filter((r) => r.path === '/v1/mints/');

describe('Rainbow Trigger', () => {
	test('activation records a baseline and emits nothing: the 25 tasks of history are no flood', async () => {
		const poller = trigger();
		expect(await poller.activate()).toBeNull();
		expect(lists().map((r) => r.query)).toEqual([{ page: '1', limit: '50' }]);
		// The seeded history holds two tasks that stay pending (ids 10 and 20): they are followed.
		expect(poller.savedNodeData()[STATE_KEY]).toMatchObject({ mark: [25], pending: [{ id: '20' }, { id: '10' }], emitted: [] });
		expect(await poller.poll()).toBeNull();
	});

	test('three mint tasks finishing between polls (two succeed, one fails): emitted once, oldest first, as Rainbow returned them', async () => {
		const poller = trigger();
		await poller.activate();
		const [a, b, c] = [create(), create(), create()];
		settle(a.id, 'success');
		settle(b.id, 'failed');
		settle(c.id, 'success');
		const output = await poller.poll();
		expect(emitted(output)).toEqual([task(a.id), task(b.id), task(c.id)]);
		expect(emitted(output).map((t) => t.status)).toEqual([1, 2, 1]);
		expect(await poller.poll()).toBeNull();
	});

	test('a task pending at one poll and finished before the next is emitted; one pending at activation too', async () => {
		const before = create();
		const poller = trigger();
		await poller.activate();
		const after = create();
		expect(await poller.poll()).toBeNull();
		settle(after.id, 'success');
		settle(before.id, 'failed');
		settle(10, 'success'); // pending in the seeded history since long before activation
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual([10, before.id, after.id]);
		expect(await poller.poll()).toBeNull();
	});

	test('a status other than 1 or 2 has not ended: the task is followed until it does', async () => {
		const poller = trigger();
		await poller.activate();
		const list = (status: number) => ({ count: 1, items: [{ id: 90, status }] });
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: list(3), times: 1 });
		expect(await poller.poll()).toBeNull();
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: list(1), times: 1 });
		expect(emitted(await poller.poll())).toEqual([{ id: 90, status: 1 }]);
	});

	test('Events: only the selected final statuses start the workflow', async () => {
		const poller = trigger({ events: ['failed'] });
		await poller.activate();
		const [ok, bad] = [create(), create()];
		settle(ok.id, 'success');
		settle(bad.id, 'failed');
		expect(emitted(await poller.poll())).toEqual([task(bad.id)]);
		expect(await poller.poll()).toBeNull();
	});

	test('across restarts: a null poll is not saved, the saved state is re-checked, nothing is emitted twice or lost', async () => {
		const poller = trigger();
		await poller.activate();
		const a = create();
		expect(await poller.poll()).toBeNull(); // sees a pending: in memory only
		expect(poller.memory()[STATE_KEY]).toMatchObject({ mark: [a.id] });
		expect(poller.savedNodeData()[STATE_KEY]).toMatchObject({ mark: [25] });
		expect(await poller.restart()).toBeNull(); // from the saved state: a is new, and pending
		settle(a.id, 'success');
		const b = create();
		settle(b.id, 'failed');
		expect(await poller.restart()).toEqual([[{ json: task(a.id) }, { json: task(b.id) }]]);
		expect(await poller.restart()).toBeNull();
		expect(await poller.poll()).toBeNull();
	});

	test('Fetch test event (manual): the most recent matching task, and nothing that would persist changes', async () => {
		const poller = trigger({ events: ['failed'] });
		// Before any activation: the newest failed task of the history (seeded failures: ids 8 and 18).
		expect(emitted(await poller.manual())).toEqual([task(18)]);
		expect(poller.saved).toEqual({});
		await poller.activate();
		const [saved, memory] = [poller.saved, poller.memory()];
		const failed = create();
		settle(failed.id, 'failed');
		expect(emitted(await poller.manual())).toEqual([task(failed.id)]);
		expect([poller.saved, poller.memory()]).toEqual([saved, memory]);
		// The test run took nothing away from the next real poll.
		expect(emitted(await poller.poll())).toEqual([task(failed.id)]);
	});

	test('Fetch test event with no matching task: no item', async () => {
		expect(await trigger({ resource: 'transfer', events: ['failed'] }).manual()).toBeNull();
	});

	test('mint filters go to Rainbow with the list request', async () => {
		const contract = env.state().contracts[0].address;
		const holder = env.state().holders[0];
		await trigger({ filters: { contract, chain: 'conflux_test', mint_to: holder } }).activate();
		expect(lists()[0].query).toEqual({ page: '1', limit: '50', contract, chain: 'conflux_test', mint_to: holder });
	});

	test('transfers and burns are paged with page and limit too (burns as burns.md documents)', async () => {
		for (const [kind, list, path] of [
			['transfer', 'transfers', '/v1/transfers/'],
			['burn', 'burns', '/v1/burns'],
		] as const) {
			const poller = trigger({ resource: kind });
			await poller.activate();
			const t = create(kind);
			settle(t.id, 'success', kind);
			expect(emitted(await poller.poll())).toEqual([task(t.id, list)]);
			expect(env.calls().filter((r) => r.path === path).map((r) => r.query)).toEqual([PAGE_1, PAGE_1]);
		}
	});

	test('changing Resource starts over with a new baseline: no flood of the other list', async () => {
		const poller = trigger();
		await poller.activate();
		poller.parameters = { resource: 'transfer' };
		expect(await poller.activate()).toBeNull();
		expect(await poller.poll()).toBeNull();
	});

	test('one login serves every poll, through the credential', async () => {
		const poller = trigger();
		await poller.activate();
		await poller.poll();
		await poller.restart();
		expect(env.sim.count('POST', '/v1/login')).toBe(1);
		expect(lists().every((r) => /^Bearer ey/.test(String(r.headers.authorization)))).toBe(true);
	});

	test('with no event selected the activation fails saying so', async () => {
		expect((await captureError(trigger({ events: [] }).activate())).message).toBe('No event is selected');
		expect(env.calls()).toEqual([]);
	});

	test('without a credential the poll fails saying so', async () => {
		const poller = new Poller({ store: env.store, node: new RainbowTrigger(), parameters: { resource: 'mint' } });
		expect((await captureError(poller.activate())).message).toMatch(/credential/i);
	});
});

describe('burns past the first page', () => {
	const burnPages = () => env.calls().filter((r) => r.path === '/v1/burns').map((r) => r.query.page);
	afterEach(() => env.sim.setBurnPaging(true));

	/** Activated on burns; one burn pending at the first poll, then 60 more, and all of them end. */
	async function burst() {
		const poller = trigger({ resource: 'burn' });
		await poller.activate();
		const first = create('burn');
		expect(await poller.poll()).toBeNull();
		const more = Array.from({ length: 60 }, () => create('burn'));
		for (const t of more) settle(t.id, 'success', 'burn');
		settle(first.id, 'failed', 'burn');
		env.sim.reset();
		return { poller, ids: [first, ...more].map((t) => t.id) };
	}

	test('Rainbow pages them: a poll reads on to the followed burn on page 2; each burn is emitted once', async () => {
		const { poller, ids } = await burst();
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual(ids);
		expect(burnPages()).toEqual(['1', '2']);
		expect(await poller.poll()).toBeNull();
		expect(await poller.restart()).toBeNull();
	});

	test('Rainbow ignores page and limit (the whole list every time): the same burns, once each, in one request per poll', async () => {
		env.sim.setBurnPaging(false);
		const { poller, ids } = await burst();
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual(ids);
		expect(burnPages()).toEqual(['1']);
		expect(await poller.poll()).toBeNull();
		expect(await poller.restart()).toBeNull();
	});

	test('Rainbow ignores page and limit: a baseline stops at the second answer, which brings nothing new, not at the page cap', async () => {
		env.sim.setBurnPaging(false);
		for (let i = 0; i < 60; i++) create('burn');
		const poller = trigger({ resource: 'burn' });
		await poller.activate();
		expect(burnPages()).toEqual(['1', '2']);
		const t = create('burn');
		settle(t.id, 'success', 'burn');
		expect(emitted(await poller.poll())).toEqual([task(t.id, 'burns')]);
	});
});

describe('a list that does not come newest first', () => {
	const ascending = () => ({ count: env.state().mints.length, items: [...env.state().mints].sort((a, b) => a.id - b.id).slice(0, 50) });

	test('oldest first: each poll fails saying so and changes nothing; in the right order again, every task is emitted once', async () => {
		const poller = trigger();
		await poller.activate();
		const tasks = [create(), create(), create()];
		tasks.forEach((t, i) => settle(t.id, i === 1 ? 'failed' : 'success'));
		const [saved, memory] = [poller.saved, poller.memory()];
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: ascending(), times: 2 });
		for (let i = 0; i < 2; i++) {
			const error = await captureError(poller.poll());
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe('Rainbow listed mint tasks oldest first; the trigger needs newest first');
			expect((error as NodeOperationError).description).toBe(
				'Page 1 of the list begins with id 1 and ends with the newer id 28. The trigger reads the list newest first and stops where the previous poll stopped: ' +
					'read the other way it would miss records or emit them twice, so it stops instead. This poll changed nothing: the next poll emits what it would have.',
			);
			expect([poller.saved, poller.memory()]).toEqual([saved, memory]);
		}
		expect(emitted(await poller.poll())).toEqual(tasks.map((t) => task(t.id)));
		expect(await poller.poll()).toBeNull();
	});

	test('oldest first at activation or in "Fetch test event": it fails the same way, and nothing is saved', async () => {
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: ascending(), times: 2 });
		const poller = trigger();
		expect((await captureError(poller.activate())).message).toBe('Rainbow listed mint tasks oldest first; the trigger needs newest first');
		expect((await captureError(poller.manual())).message).toBe('Rainbow listed mint tasks oldest first; the trigger needs newest first');
		expect(poller.saved).toEqual({});
		expect(await poller.activate()).toBeNull();
		expect(poller.savedNodeData()[STATE_KEY]).toMatchObject({ mark: [25] });
	});

	test('burns oldest first past the first page (a server that pages them the other way): fails on page 1, before anything is decided', async () => {
		const poller = trigger({ resource: 'burn' });
		await poller.activate();
		const memory = poller.memory();
		const burns = (...ids: number[]) => ({ count: 120, items: ids.map((id) => ({ id, status: 1 })) });
		env.sim.respond({ method: 'GET', path: '/v1/burns', body: burns(...Array.from({ length: 50 }, (_, i) => i + 1)), times: 1 });
		const error = await captureError(poller.poll());
		expect(error.message).toBe('Rainbow listed burn tasks oldest first; the trigger needs newest first');
		expect((error as NodeOperationError).description).toMatch(/^Page 1 of the list begins with id 1 and ends with the newer id 50\. /);
		expect(poller.memory()).toEqual(memory);
	});

	test('newest first with one task out of place: no error (the documented limit), each task emitted once', async () => {
		const poller = trigger();
		await poller.activate();
		const [a, b] = [create(), create()];
		settle(a.id, 'success');
		settle(b.id, 'success');
		const items = [...env.state().mints].sort((x, y) => y.id - x.id);
		[items[0], items[1]] = [items[1], items[0]];
		env.sim.respond({ method: 'GET', path: '/v1/mints/', body: { count: items.length, items }, times: 1 });
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual([a.id, b.id]);
		expect(await poller.poll()).toBeNull();
	});
});
