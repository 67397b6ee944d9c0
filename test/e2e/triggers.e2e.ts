/**
 * The polling triggers in a real n8n 2.41.1 (`n8n start`, the packed package installed as Community
 * Nodes installs it), driven through n8n's REST API as the editor does: the two example workflows are
 * created and activated with Poll Times every minute (a fixed second, so a poll comes within a minute),
 * the simulators' tasks and orders end between polls, and n8n restarts (each start polls at once).
 * Executions are counted and read through the REST API; every task or order must come out exactly once.
 */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nLocal = require('../../scripts/n8n-local');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = require('../../scripts/local-stack');

type Json = Record<string, any>;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** How long an execution may take to show after the poll that started it was answered. */
const SETTLE_MS = 5 * SECOND;

let sims: any;
let instance: any;
let rainbowApp: string;
const startedAt = Date.now();
const figures: string[] = [];

function say(line: string) {
	process.stdout.write(`[triggers] ${line}\n`);
	figures.push(line);
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / SECOND} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** n8n's REST answers carry run data in the `flatted` format: a JSON list whose strings point at entries. */
function unflatten(text: string): Json {
	const input: unknown[] = JSON.parse(text);
	const seen = new Map<number, unknown>();
	const revive = (index: number): unknown => {
		if (seen.has(index)) return seen.get(index);
		const value = input[index];
		if (value === null || typeof value !== 'object') return value;
		const out: Json = Array.isArray(value) ? [] : {};
		seen.set(index, out);
		for (const [key, entry] of Object.entries(value)) out[key] = typeof entry === 'string' ? revive(Number(entry)) : entry;
		return out;
	};
	return revive(0) as Json;
}

interface Watched {
	name: string;
	workflowId: string;
	/** The trigger node's name in the example workflow. */
	node: string;
	/** GET requests of its list on its simulator, answered. */
	polls: () => number;
	/** Makes a task/order that is still pending; ends one. */
	create: () => string;
	end: (id: string, outcome: 'ok' | 'failed') => void;
}
let rainbow: Watched;
let exinone: Watched;

/** The example workflow of a trigger, polling every minute at second `second`. */
function exampleWorkflow(file: string, second: number): Json {
	const { workflow } = stack.loadExamples(sims).find((example: Json) => example.file === file);
	const nodes = workflow.nodes.map((node: Json) =>
		node.type.endsWith('Trigger') ? { ...node, parameters: { ...node.parameters, pollTimes: { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] } } } : node,
	);
	return { name: workflow.name, nodes, connections: workflow.connections, settings: workflow.settings };
}

async function publish(workflowId: string) {
	const status = await waitFor(
		`workflow ${workflowId} to be published`,
		async () => {
			const { data } = await instance.rest.expectOk('GET', `/rest/workflows/${workflowId}/publication-status`);
			if (data.status === 'failed') throw new Error(`activation failed: ${JSON.stringify(data)}`);
			return data.status === 'published' ? data : undefined;
		},
		60 * SECOND,
	);
	return status;
}

/** The ids (of tasks or orders) each execution of the workflow carried, oldest execution first. */
async function executions(watched: Watched): Promise<string[][]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: watched.workflowId }));
	const { data } = await instance.rest.expectOk('GET', `/rest/executions?filter=${filter}&limit=100`);
	const carried: string[][] = [];
	for (const summary of [...data.results].sort((a: Json, b: Json) => Number(a.id) - Number(b.id))) {
		expect({ id: summary.id, status: summary.status, mode: summary.mode }).toEqual({ id: summary.id, status: 'success', mode: 'trigger' });
		const { data: full } = await instance.rest.expectOk('GET', `/rest/executions/${summary.id}`);
		const run = typeof full.data === 'string' ? unflatten(full.data) : full.data;
		const items = run.resultData.runData[watched.node][0].data.main[0] as Json[];
		carried.push(items.map((item) => String(item.json.id)));
	}
	return carried;
}

/** Waits for the next poll of each trigger (its list request answered), then for what it started. */
async function nextPoll(watchers: Watched[], timeoutMs = 75 * SECOND) {
	const before = watchers.map((w) => w.polls());
	await waitFor('a poll of every trigger', () => (watchers.every((w, i) => w.polls() > before[i]) ? true : undefined), timeoutMs);
	await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/** n8n stops and starts again; at startup it activates the workflows, which polls each trigger once. */
async function restart() {
	const times = [Date.now()];
	const before = [rainbow.polls(), exinone.polls()];
	await instance.stopServer();
	times.push(Date.now());
	await instance.start();
	await instance.rest.ensureOwner();
	times.push(Date.now());
	await waitFor('the startup polls', () => (rainbow.polls() > before[0] && exinone.polls() > before[1] ? true : undefined), 60 * SECOND);
	times.push(Date.now());
	const [stopped, ready, polled] = times.slice(1).map((t, i) => ((t - times[i]) / SECOND).toFixed(1));
	say(`n8n restarted: stopped in ${stopped} s, ready in ${ready} s, both triggers polled ${polled} s later`);
	await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

beforeAll(async () => {
	await n8nLocal.provision();
	const { tarball } = stack.buildAndPack();
	sims = await stack.startSimulators();
	const identities = stack.createDemoIdentities(sims);
	rainbowApp = identities.rainbowApp.appId;
	instance = n8nLocal.createInstance();
	await instance.installPackageTarball(tarball);
	await instance.importCredentials(stack.demoCredentials(sims, identities));
	fs.rmSync(path.join(instance.userFolder, 'imports'), { recursive: true, force: true });
	await instance.start();
	await instance.rest.ensureOwner();
	const answered = (sim: any, p: string) => () => sim.requests.filter((r: Json) => r.method === 'GET' && r.path === p && r.status === 200).length;
	rainbow = {
		name: 'Rainbow Trigger',
		workflowId: '',
		node: 'Mint task ended',
		polls: answered(sims.rainbow, '/v1/mints/'),
		create: () => String(sims.rainbow.createTask(rainbowApp, 'mint').id),
		end: (id, outcome) => sims.rainbow.settleTask(rainbowApp, 'mint', Number(id), outcome === 'ok' ? 'success' : 'failed'),
	};
	const traces = new Map<string, string>();
	exinone = {
		name: 'ExinOne Trigger',
		workflowId: '',
		node: 'Order settled',
		polls: answered(sims.exinone, '/api/v2/convert/order/lists'),
		create: () => {
			const order = sims.exinone.createOrder();
			traces.set(String(order.id), order.payTraceId);
			return String(order.id);
		},
		end: (id, outcome) => sims.exinone.settleOrder(traces.get(id), outcome === 'ok' ? 'success' : 'refunded'),
	};
}, 20 * MINUTE);

afterAll(async () => {
	await instance?.stop();
	await sims?.close();
	say(`suite run time ${((Date.now() - startedAt) / SECOND).toFixed(0)} s`);
	process.stdout.write(`[triggers] summary\n${figures.map((line) => `  ${line}`).join('\n')}\n`);
});

const ended: Record<string, string[]> = { rainbow: [], exinone: [] };
const pendingAtActivation: Record<string, string> = {};

test('activating each example workflow (Poll Times every minute) records a baseline: no execution, history not emitted', async () => {
	pendingAtActivation.rainbow = rainbow.create();
	pendingAtActivation.exinone = exinone.create();
	const second = (new Date().getSeconds() + 40) % 60;
	for (const [watched, file] of [[rainbow, 'rainbow-trigger-mint-tasks.json'], [exinone, 'exinone-trigger-settled-orders.json']] as const) {
		const before = watched.polls();
		const { data: created } = await instance.rest.expectOk('POST', '/rest/workflows', exampleWorkflow(file, second));
		watched.workflowId = created.id;
		await instance.rest.expectOk('POST', `/rest/workflows/${created.id}/activate`, { versionId: created.versionId });
		await publish(created.id);
		expect(watched.polls()).toBeGreaterThan(before);
	}
	await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
	expect(await executions(rainbow)).toEqual([]);
	expect(await executions(exinone)).toEqual([]);
	say(`both workflows active, polling every minute at second ${second}; the baselines started no execution`);
});

test('three tasks / orders end between polls (two succeed, one fails or is refunded): one execution carries exactly those, once', async () => {
	for (const [key, watched] of [['rainbow', rainbow], ['exinone', exinone]] as const) {
		const ids = [pendingAtActivation[key], watched.create(), watched.create()];
		watched.end(ids[0], 'ok');
		watched.end(ids[1], 'failed');
		watched.end(ids[2], 'ok');
		ended[key] = [...ids].sort((a, b) => Number(a) - Number(b));
	}
	await nextPoll([rainbow, exinone]);
	expect(await executions(rainbow)).toEqual([ended.rainbow]);
	expect(await executions(exinone)).toEqual([ended.exinone]);
	say(`a scheduled poll emitted Rainbow mint tasks ${ended.rainbow.join(', ')} and ExinOne orders ${ended.exinone.join(', ')}, one execution each`);
});

test('restarts between polls emit nothing twice; a task pending across restarts comes out once when it ends', async () => {
	const late = { rainbow: rainbow.create(), exinone: exinone.create() };
	await restart(); // the startup poll sees them pending: remembered in memory only (nothing emitted, nothing saved)
	await restart(); // so this one starts from the state saved with the last emission
	expect((await executions(rainbow)).flat()).toEqual(ended.rainbow);
	expect((await executions(exinone)).flat()).toEqual(ended.exinone);
	rainbow.end(late.rainbow, 'ok');
	exinone.end(late.exinone, 'failed');
	await restart(); // the startup poll emits them
	await restart(); // and the next startup does not again
	await nextPoll([rainbow, exinone]); // nor a scheduled poll
	for (const [key, watched] of [['rainbow', rainbow], ['exinone', exinone]] as const) {
		const carried = await executions(watched);
		expect(carried).toEqual([ended[key], [late[key]]]);
		const all = carried.flat();
		const duplicates = all.length - new Set(all).size;
		expect(duplicates).toBe(0);
		say(`${watched.name}: ${carried.length} executions carrying ${all.length} ${key === 'rainbow' ? 'tasks' : 'orders'} (${all.join(', ')}) after 4 restarts; duplicates ${duplicates}`);
	}
});

test('the weekly-convert example pays once and outputs the settled order; the ExinOne Trigger then emits that order once', async () => {
	const { workflow } = stack.loadExamples(sims).find((example: Json) => example.file === 'exinone-weekly-convert.json');
	const before = { polls: exinone.polls(), payments: sims.mixin.paymentsTo(stack.EXINONE_BOT_ID).length, carried: (await executions(exinone)).flat() };
	// `n8n execute` runs in a process of its own, on n8n's database: the server stops meanwhile.
	await instance.stopServer();
	await instance.importWorkflow(workflow);
	const run = await instance.execute(workflow.id);
	const output = n8nLocal.runItems(run.run, 'Convert 50 USDT to BTC') as Json[] | undefined;
	expect(n8nLocal.runError(run.run)).toBeUndefined();
	expect(output).toHaveLength(1);
	const paid = output![0];
	expect(paid).toEqual(expect.objectContaining({ outcome: 'done', state: 'spent', amount: '50', order: expect.objectContaining({ payTraceId: paid.requestId, orderStatus: 'done', refundStatus: 'no' }) }));
	expect(n8nLocal.runItems(run.run, 'Converted')?.[0]).toEqual(expect.objectContaining({ payTraceId: paid.requestId, received: expect.stringMatching(/ BTC$/) }));
	// A re-run in the same week converts nothing more.
	const again = await instance.execute(workflow.id);
	expect(n8nLocal.runItems(again.run, 'Convert 50 USDT to BTC')?.[0]).toEqual(expect.objectContaining({ requestId: paid.requestId, alreadySent: true, outcome: 'done' }));
	const payments = sims.mixin.paymentsTo(stack.EXINONE_BOT_ID).filter((payment: Json) => payment.requestId === paid.requestId);
	expect(payments).toHaveLength(1);
	expect(sims.mixin.paymentsTo(stack.EXINONE_BOT_ID)).toHaveLength(before.payments + 1);
	// The order the transfer made is one of the bot's orders: the trigger emits it, once.
	const orderId = String((paid.order as Json).id);
	await instance.start();
	await instance.rest.ensureOwner();
	await waitFor('the startup poll', () => (exinone.polls() > before.polls ? true : undefined), 60 * SECOND);
	await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
	await nextPoll([exinone]);
	const carried = (await executions(exinone)).flat();
	expect(carried.slice(0, before.carried.length)).toEqual(before.carried);
	expect(carried.slice(before.carried.length)).toEqual([orderId]);
	say(`the weekly convert paid once (${payments.length} payment for request ID ${paid.requestId}, the re-run alreadySent) and the ExinOne Trigger emitted its order ${orderId} once`);
});
