/**
 * The Rainbow Trigger (nodes/Rainbow/RainbowTrigger.node.ts) through n8n-core's real PollContext, as
 * n8n runs a polling trigger (test/support/poll-node.ts), against the Rainbow simulator: tasks are
 * created and settled by the test, between polls.
 */
import type { IDataObject } from 'n8n-workflow';

import { RainbowTrigger } from '../../../nodes/Rainbow/RainbowTrigger.node';
import { STATE_KEY } from '../../../nodes/shared/poll-trigger';
import { captureError } from '../../support/lifecycle';
import { emitted, Poller } from '../../support/poll-node';
import { useRainbowNode } from '../../support/rainbow-node';
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

	test('transfers are paged; burns come in one request without query parameters', async () => {
		for (const [kind, list, path, query] of [
			['transfer', 'transfers', '/v1/transfers/', { page: '1', limit: '50' }],
			['burn', 'burns', '/v1/burns', {}],
		] as const) {
			const poller = trigger({ resource: kind });
			await poller.activate();
			const t = create(kind);
			settle(t.id, 'success', kind);
			expect(emitted(await poller.poll())).toEqual([task(t.id, list)]);
			expect(env.calls().filter((r) => r.path === path).map((r) => r.query)).toEqual([query, query]);
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
