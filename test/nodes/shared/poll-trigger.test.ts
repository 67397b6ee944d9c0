/**
 * What the polling triggers share (nodes/shared/poll-trigger.ts), through the Rainbow Trigger: paging
 * bounded per poll and stopped at what the previous poll saw (or at a page that brings nothing new), a
 * failed poll that changes nothing, overlapping polls that cannot both emit, and an emission whose
 * execution n8n could not start, emitted again.
 */
import { NodeApiError, TimeoutExecutionCancelledError } from 'n8n-workflow';

import { RainbowTrigger } from '../../../nodes/Rainbow/RainbowTrigger.node';
import { MAX_PAGES_PER_POLL, PAGE_SIZE } from '../../../nodes/shared/poll-state';
import { STATE_KEY } from '../../../nodes/shared/poll-trigger';
import { captureError } from '../../support/lifecycle';
import { emitted, Poller } from '../../support/poll-node';
import { useRainbowNode } from '../../support/rainbow-node';
import { CREDENTIAL_ID } from '../../support/run-node';

const env = useRainbowNode();
const LIST = '/v1/mints/';

const trigger = (parameters = {}) =>
	new Poller({ store: env.store, node: new RainbowTrigger(), parameters: { resource: 'mint', ...parameters }, credentials: { rainbowApi: CREDENTIAL_ID } });
const create = () => env.sim.createTask(env.appId, 'mint') as { id: number };
const settle = (id: number, outcome: 'success' | 'failed' = 'success') => env.sim.settleTask(env.appId, 'mint', id, outcome);
const pagesRead = () => env.calls().filter((r) => r.path === LIST && r.status === 200).map((r) => Number(r.query.page));

/** An activated trigger, with the simulator's request log cleared. */
async function activated(parameters = {}) {
	const poller = trigger(parameters);
	await poller.activate();
	env.sim.reset();
	return poller;
}

describe('paging', () => {
	test('a poll stops at the page that reaches what the previous poll saw', async () => {
		const poller = await activated();
		settle(create().id);
		expect(emitted(await poller.poll())).toHaveLength(1);
		expect(pagesRead()).toEqual([1]);
	});

	test('a followed pending task below the first page makes the poll read on to it, and no further', async () => {
		const poller = await activated(); // follows the seeded pending tasks 10 and 20
		for (let i = 0; i < 60; i++) create(); // ids 26..85, all pending
		await poller.poll();
		expect(pagesRead()).toEqual([1, 2]);
		env.sim.reset();
		settle(10);
		settle(85);
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual([10, 85]);
		expect(pagesRead()).toEqual([1, 2]);
	});

	test('a server that answers the same records whatever page is asked: the read ends at the page that brings nothing new, not at the page cap', async () => {
		const poller = trigger();
		const newest = [...env.state().mints].sort((a, b) => b.id - a.id);
		env.sim.respond({ method: 'GET', path: LIST, body: { count: 900, items: newest } });
		expect(await poller.activate()).toBeNull();
		expect(pagesRead()).toEqual([1, 2]);
		expect(poller.memory()[STATE_KEY]).toMatchObject({ mark: [25], pending: [{ id: '20' }, { id: '10' }] });
		env.sim.reset();
		settle(10);
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual([10]);
	});

	test(`a poll reads ${MAX_PAGES_PER_POLL} pages at most; older tasks beyond are not emitted, as the node's notice says`, async () => {
		const poller = await activated();
		const burst = Array.from({ length: MAX_PAGES_PER_POLL * PAGE_SIZE + 100 }, () => create());
		for (const t of burst) settle(t.id);
		const output = emitted(await poller.poll());
		expect(pagesRead()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(output.map((t) => t.id)).toEqual(burst.slice(100).map((t) => t.id));
		expect(await poller.poll()).toBeNull();
		const notice = new RainbowTrigger().description.properties.find((p) => p.name === 'pollNotice');
		expect(notice?.displayName).toContain('A poll reads the newest 500 tasks at most (10 pages of 50): if more were created between two polls, the older ones are not emitted');
	});
});

describe('a failed poll changes nothing: the next poll emits what it would have', () => {
	test('the service answers 500 (after the read retries): a clear error, then the tasks on the next poll', async () => {
		const poller = await activated();
		const tasks = [create(), create(), create()];
		tasks.forEach((t, i) => settle(t.id, i === 1 ? 'failed' : 'success'));
		const state = poller.memory();
		env.sim.fault({ method: 'GET', path: LIST, status: 500, retryAfter: 0, times: 4 });
		const error = await captureError(poller.poll());
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Rainbow: internal server error (code 50000)');
		expect((error as NodeApiError).description).toBe(
			'HTTP 500: the service had an internal error; try again later. This poll changed nothing: the next poll emits what it would have.',
		);
		expect(poller.memory()).toEqual(state);
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual(tasks.map((t) => t.id));
	});

	test('a failure on page 2 after page 1 was read: nothing of page 1 is emitted or remembered', async () => {
		const poller = await activated();
		const tasks = Array.from({ length: 60 }, () => create());
		tasks.forEach((t) => settle(t.id));
		const state = poller.memory();
		env.sim.fault({ method: 'GET', path: LIST, query: { page: '2' }, status: 503, retryAfter: 0, times: 4 });
		await captureError(poller.poll());
		expect(pagesRead()).toEqual([1]);
		expect(poller.memory()).toEqual(state);
		expect(emitted(await poller.poll())).toHaveLength(60);
	});

	test('no answer within Request Options → Timeout: the poll fails saying so', async () => {
		const poller = await activated({ requestOptions: { timeout: 200 } });
		settle(create().id);
		env.sim.fault({ method: 'GET', path: LIST, delayMs: 5_000, times: 4 });
		const error = await captureError(poller.poll());
		expect(error.message).toBe('Rainbow: no answer to GET /v1/mints/ within 0.2 s');
		expect(emitted(await poller.poll())).toHaveLength(1);
	}, 30_000);
});

test('two polls at once (a slow poll still running at the next Poll Time): only one emits', async () => {
	const poller = await activated();
	const t = create();
	settle(t.id);
	const outputs = await Promise.all([poller.poll(), poller.poll()]);
	expect(outputs.map(emitted)).toEqual(expect.arrayContaining([[expect.objectContaining({ id: t.id })], []]));
	expect(await poller.poll()).toBeNull();
	expect((poller.memory()[STATE_KEY] as { emitted: string[] }).emitted).toEqual([String(t.id)]);
});

describe('an emission whose execution n8n could not start (its database unreachable) is emitted again', () => {
	const dbDown = () => new Error('timeout exceeded when trying to connect');

	test('n8n 2.x rejects the emission: the next poll emits the same tasks, and only that one', async () => {
		const poller = await activated();
		const tasks = [create(), create()];
		tasks.forEach((t) => settle(t.id));
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual(tasks.map((t) => t.id));
		await poller.failEmission(dbDown());
		const later = create();
		settle(later.id);
		expect(emitted(await poller.poll()).map((t) => t.id)).toEqual([...tasks, later].map((t) => t.id));
		expect(await poller.poll()).toBeNull();
		expect(poller.emissions).toHaveLength(2);
	});

	test('an execution that started keeps its tasks: ended (done resolves) or cancelled, never emitted again', async () => {
		const poller = await activated();
		const cancellations = [
			new TimeoutExecutionCancelledError('41'),
			// the same, from n8n's own copy of n8n-workflow
			Object.assign(new Error('The execution was cancelled because the system is shutting down'), { reason: 'shutdown' }),
		];
		settle(create().id);
		expect(emitted(await poller.poll())).toHaveLength(1);
		poller.emissions[0].done?.resolve(undefined);
		for (const cancellation of cancellations) {
			settle(create().id);
			expect(emitted(await poller.poll())).toHaveLength(1);
			await poller.failEmission(cancellation);
		}
		expect(await poller.poll()).toBeNull();
		expect(poller.emissions).toHaveLength(3);
	});

	test('a rejection while another poll runs: the tasks are emitted once more, by one poll', async () => {
		const poller = await activated();
		const t = create();
		settle(t.id);
		expect(emitted(await poller.poll())).toHaveLength(1);
		const running = poller.poll();
		await poller.failEmission(dbDown());
		const outputs = [await running, await poller.poll(), await poller.poll()];
		expect(outputs.flatMap(emitted).map((e) => e.id)).toEqual([t.id]);
	});

	test('a poll whose result n8n drops (the workflow published anew while it ran) emits nothing; the new activation emits the tasks once', async () => {
		const poller = await activated();
		const t = create();
		settle(t.id);
		poller.dropNext = true;
		expect(await poller.poll()).toBeNull();
		expect(poller.emissions).toHaveLength(0);
		expect(emitted(await poller.restart()).map((e) => e.id)).toEqual([t.id]);
		expect(poller.emissions[0].done).toBeDefined();
		expect(await poller.poll()).toBeNull();
	});

	test('n8n 1.x (no word of a failed start): the poll returns its tasks to n8n, as before', async () => {
		const poller = new Poller({ store: env.store, node: new RainbowTrigger(), parameters: { resource: 'mint' }, credentials: { rainbowApi: CREDENTIAL_ID }, n8n1: true });
		await poller.activate();
		settle(create().id);
		expect(emitted(await poller.poll())).toHaveLength(1);
		expect(poller.emissions[0].done).toBeUndefined();
	});
});
