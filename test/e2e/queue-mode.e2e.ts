/**
 * Queue mode, as users run it: n8n 2.41.1 as one main process and two workers on Redis and PostgreSQL,
 * the packed package installed on every process's user folder the way Community Nodes installs it, and
 * an active webhook workflow that uses both nodes and both credentials (also through the HTTP Request
 * node). Load comes through the webhook, so jobs go through the queue to the workers. The figures that
 * matter (logins and refreshes) are counted on the simulators, and each renewal is traced to the
 * process that sent it. Time moves for both sides: the simulators and the running n8n processes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nLocal = require('../../scripts/n8n-local');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = require('../../scripts/local-stack');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { recordOrigins, countByOrigin } = require('./renewal-origin');

type Json = Record<string, any>;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PRELOAD = path.join(__dirname, 'clock-offset.js');
const CALLS = 200;
const CONCURRENCY = 20;
const CALL_TIMEOUT_MS = 120_000;
const WORKERS = ['worker-1', 'worker-2'];
const EXINONE = 'n8n-nodes-exinone-rainbow.exinOne';
const RAINBOW = 'n8n-nodes-exinone-rainbow.rainbow';
const WEBHOOK_PATH = 'queue-mode-e2e';

let services: any;
let sims: any;
let cluster: any;
let identities: { bot: { appId: string } };
let workflowId: string;
/** This run's temp folder: the packed package and the clock offset the n8n processes follow. */
let workDir: string;
let offsetMs = 0;
let origins: { exinone: any; rainbow: any };
const figures: string[] = [];

function say(line: string) {
	process.stdout.write(`[queue] ${line}\n`);
	figures.push(line);
}

/** Webhook → ExinOne "Get Me" → Rainbow "Contract → Get Many" → HTTP Request ×2 → an answer naming its worker. */
function loadWorkflow() {
	const mixin = { mixinKeystoreApi: { id: stack.CREDENTIAL_IDS.mixinKeystoreApi, name: 'ExinOne (Mixin keystore)' } };
	const rainbow = { rainbowApi: { id: stack.CREDENTIAL_IDS.rainbowApi, name: 'Rainbow app' } };
	const node = (name: string, type: string, typeVersion: number, parameters: Json, extra: Json = {}) => ({
		id: crypto.randomUUID(),
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters,
		...extra,
	});
	const field = (name: string, type: string, value: string) => ({ id: name, name, type, value });
	const nodes = [
		node('Webhook', 'n8n-nodes-base.webhook', 2, { httpMethod: 'GET', path: WEBHOOK_PATH, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} }, { webhookId: crypto.randomUUID() }),
		node('ExinOne', EXINONE, 1, { resource: 'user', operation: 'getMe' }, { credentials: mixin }),
		node('Rainbow', RAINBOW, 1, { resource: 'contract', operation: 'getMany', returnAll: false, limit: 1 }, { credentials: rainbow }),
		node('HTTP ExinOne', 'n8n-nodes-base.httpRequest', 4.2, { url: `${sims.exinone.baseUrl}/users/me`, authentication: 'predefinedCredentialType', nodeCredentialType: 'mixinKeystoreApi', options: {} }, { credentials: mixin }),
		node('HTTP Rainbow', 'n8n-nodes-base.httpRequest', 4.2, { url: `${sims.rainbow.baseUrl}/v1/contracts/?page=1&limit=1`, authentication: 'predefinedCredentialType', nodeCredentialType: 'rainbowApi', options: {} }, { credentials: rainbow }),
		node('Answer', 'n8n-nodes-base.set', 3.4, {
			mode: 'manual',
			assignments: {
				assignments: [
					field('worker', 'string', '={{ $env.E2E_WORKER_NAME }}'),
					field('me', 'object', "={{ $('ExinOne').first().json }}"),
					field('contract', 'object', "={{ $('Rainbow').first().json }}"),
					field('httpMe', 'object', "={{ $('HTTP ExinOne').first().json }}"),
					field('httpContracts', 'object', '={{ $json }}'),
				],
			},
			options: {},
		}),
	];
	const connections: Json = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { name: 'Queue mode: both services, both credentials', nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** Why an answer is not what the workflow must produce, or '' when it is. */
function fault(answer: Json): string {
	const body = answer.body || {};
	if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.error || JSON.stringify(body).slice(0, 200)}`;
	if (!WORKERS.includes(body.worker)) return `unknown worker ${JSON.stringify(body.worker)}`;
	// `uuid`: the Mixin user id, as ExinOne's Users page names it.
	if (body.me?.uuid !== identities.bot.appId) return `ExinOne node: ${JSON.stringify(body.me).slice(0, 200)}`;
	if (typeof body.contract?.address !== 'string' || body.contract.address === '') return `Rainbow node: ${JSON.stringify(body.contract).slice(0, 200)}`;
	if (body.httpMe?.success !== true || body.httpMe?.data?.uuid !== identities.bot.appId) return `HTTP ExinOne: ${JSON.stringify(body.httpMe).slice(0, 200)}`;
	if (!(body.httpContracts?.count >= 1) || body.httpContracts?.items?.length !== 1) return `HTTP Rainbow: ${JSON.stringify(body.httpContracts).slice(0, 200)}`;
	return '';
}

/** `count` webhook calls, `concurrency` at a time, each bounded by CALL_TIMEOUT_MS. */
async function fire(count: number, concurrency: number) {
	const answers: Json[] = new Array(count);
	let next = 0;
	const started = Date.now();
	const caller = async () => {
		while (next < count) {
			const index = next++;
			try {
				const response = await n8nLocal.httpRequest('GET', `${cluster.baseUrl}/webhook/${WEBHOOK_PATH}?call=${index}`, { timeoutMs: CALL_TIMEOUT_MS });
				answers[index] = { status: response.status, body: response.body };
			} catch (error: any) {
				answers[index] = { status: 0, error: error.message };
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, caller));
	return { answers, ms: Date.now() - started };
}

const renewals = () => ({
	exinoneLogins: sims.exinone.count('POST', '/api/v2/mixin/me'),
	rainbowLogins: sims.rainbow.count('POST', '/v1/login'),
	rainbowRefreshes: sims.rainbow.count('GET', '/v1/refresh_token'),
});

/** Moves the simulators' and every running n8n process's clock, and waits until each process applied it. */
async function timePasses(ms: number) {
	offsetMs += ms;
	const file = path.join(workDir, 'offset');
	fs.writeFileSync(`${file}.tmp`, String(offsetMs));
	fs.renameSync(`${file}.tmp`, file); // never a half-written number
	sims.advance(ms);
	const pids = [cluster.pids.main, ...cluster.pids.workers];
	const deadline = Date.now() + 15_000;
	const applied = (pid: number) => {
		try {
			return Number(fs.readFileSync(`${file}.${pid}`, 'utf8')) === offsetMs;
		} catch {
			return false;
		}
	};
	while (!pids.every(applied)) {
		if (Date.now() > deadline) throw new Error(`n8n processes ${pids.filter((pid) => !applied(pid)).join(', ')} did not move their clock`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * One load phase: CALLS webhook calls; every answer must be right, both workers must have taken jobs,
 * and each worker may renew each token at most once. Returns the renewals counted on the simulators.
 */
async function phase(label: string) {
	const before = renewals();
	const marks = { exinone: origins.exinone.entries.length, rainbow: origins.rainbow.entries.length };
	const { answers, ms } = await fire(CALLS, CONCURRENCY);
	const after = renewals();
	const delta = {
		exinoneLogins: after.exinoneLogins - before.exinoneLogins,
		rainbowLogins: after.rainbowLogins - before.rainbowLogins,
		rainbowRefreshes: after.rainbowRefreshes - before.rainbowRefreshes,
	};
	const byOrigin = {
		exinone: countByOrigin(origins.exinone.entries.slice(marks.exinone)),
		rainbow: countByOrigin(origins.rainbow.entries.slice(marks.rainbow)),
	};
	const faults = answers.map(fault).filter(Boolean);
	const perWorker = countByOrigin(answers.filter((answer) => answer.status === 200).map((answer) => ({ origin: answer.body.worker })));
	say(
		`${label}: ${CALLS - faults.length}/${CALLS} ok in ${(ms / 1000).toFixed(1)} s (${(CALLS / (ms / 1000)).toFixed(1)} calls/s); ` +
			`jobs per worker ${JSON.stringify(perWorker)}; ExinOne logins ${delta.exinoneLogins} ${JSON.stringify(byOrigin.exinone)}; ` +
			`Rainbow logins ${delta.rainbowLogins} + refreshes ${delta.rainbowRefreshes} ${JSON.stringify(byOrigin.rainbow)}`,
	);
	expect(faults.slice(0, 5)).toEqual([]);
	for (const worker of WORKERS) expect(perWorker[worker]).toBeGreaterThan(0);
	for (const counts of [byOrigin.exinone, byOrigin.rainbow]) {
		for (const [origin, count] of Object.entries(counts)) {
			expect({ origin, count }).toEqual({ origin: expect.stringMatching(/^worker-\d$/), count: 1 });
		}
	}
	return delta;
}

async function successfulExecutions(expected: number) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId, status: ['success'] }));
	const deadline = Date.now() + 30_000;
	for (;;) {
		const response = await cluster.rest.expectOk('GET', `/rest/executions?filter=${filter}&limit=1`);
		// a job's execution is saved as it ends, which can trail the webhook's answer by a moment
		if (response.data.count >= expected || Date.now() > deadline) return response.data.count;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

beforeAll(async () => {
	const started = Date.now();
	await n8nLocal.provision();
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-mode-e2e-'));
	n8nLocal.removeOnExit(workDir);
	const { tarball } = stack.buildAndPack(workDir);
	fs.writeFileSync(path.join(workDir, 'offset'), '0');
	services = await n8nLocal.startQueueServices();
	sims = await stack.startSimulators();
	identities = stack.createDemoIdentities(sims);
	// Each worker paces its own requests: the app has Rainbow's growth tier (10 requests/s), and each of
	// the two workers keeps to 4/s, as README advises (the service's limit shared out between workers).
	sims.rainbow.setRateLimit(10);
	const credentials = stack.demoCredentials(sims, identities).map((credential: Json) => ({ ...credential, data: { ...credential.data, rateLimit: 4 } }));
	cluster = await n8nLocal.startQueueCluster({
		tarball,
		services,
		credentials,
		env: {
			NODE_OPTIONS: `--require=${PRELOAD}`,
			E2E_CLOCK_OFFSET_FILE: path.join(workDir, 'offset'),
			// the answer names the worker that ran the job, through $env
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		},
		workerEnv: (index: number) => ({ E2E_WORKER_NAME: WORKERS[index] }),
	});
	const processes = { main: cluster.pids.main, [WORKERS[0]]: cluster.pids.workers[0], [WORKERS[1]]: cluster.pids.workers[1] };
	origins = {
		exinone: recordOrigins(sims.exinone.server, (method: string, p: string) => method === 'POST' && p === '/api/v2/mixin/me', processes),
		rainbow: recordOrigins(sims.rainbow.server, (method: string, p: string) => (method === 'POST' && p === '/v1/login') || p === '/v1/refresh_token', processes),
	};

	const created = await cluster.rest.expectOk('POST', '/rest/workflows', loadWorkflow());
	workflowId = created.data.id;
	await cluster.rest.expectOk('POST', `/rest/workflows/${workflowId}/activate`, { versionId: created.data.versionId });
	// activation is published through an outbox that main polls (every 15 s by default): until then
	// the webhook answers 404
	const deadline = Date.now() + 60_000;
	let status: Json = {};
	while (status.status !== 'published') {
		if (Date.now() > deadline || ['failed', 'partial'].includes(status.status)) throw new Error(`the workflow was not published: ${JSON.stringify(status)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
		status = (await cluster.rest.expectOk('GET', `/rest/workflows/${workflowId}/publication-status`)).data;
	}
	say(`set up in ${((Date.now() - started) / 1000).toFixed(1)} s: Redis, PostgreSQL, main + ${WORKERS.length} workers, webhook workflow ${workflowId} live`);
}, 15 * 60 * 1000);

afterAll(async () => {
	origins?.exinone.stop();
	origins?.rainbow.stop();
	await cluster?.stop();
	await sims?.close();
	await services?.stop();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	process.stdout.write(`[queue] summary\n${figures.map((line) => `  ${line}`).join('\n')}\n`);
});

test('every process has the package as Community Nodes installs it', () => {
	expect(cluster.instances).toHaveLength(1 + WORKERS.length);
	for (const instance of cluster.instances) {
		const installed = path.join(instance.nodesDir, 'node_modules', 'n8n-nodes-exinone-rainbow');
		// Nothing fetched at install: the libraries are bundled.
		expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
		expect(fs.existsSync(path.join(installed, 'dist', 'vendor', 'LICENSES.md'))).toBe(true);
		expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).devDependencies).toBeUndefined();
	}
});

test(`cold start: ${CALLS} calls at ${CONCURRENCY} concurrent, one login per worker per service at most`, async () => {
	const delta = await phase('cold start');
	expect(delta.exinoneLogins).toBeGreaterThanOrEqual(1);
	expect(delta.exinoneLogins).toBeLessThanOrEqual(WORKERS.length);
	expect(delta.rainbowLogins).toBeGreaterThanOrEqual(1);
	expect(delta.rainbowLogins).toBeLessThanOrEqual(WORKERS.length);
	expect(delta.rainbowRefreshes).toBe(0);
});

test('1.5 h later: Rainbow renews by refresh, at most once per worker; ExinOne keeps its token', async () => {
	await timePasses(90 * MINUTE);
	const delta = await phase('+1.5 h');
	expect(delta.exinoneLogins).toBe(0);
	expect(delta.rainbowLogins).toBe(0);
	expect(delta.rainbowRefreshes).toBeGreaterThanOrEqual(1);
	expect(delta.rainbowRefreshes).toBeLessThanOrEqual(WORKERS.length);
});

test('past 24 h (and Rainbow\'s 5 h refresh window): both log in again, at most once per worker', async () => {
	await timePasses(24 * HOUR);
	const delta = await phase('+25.5 h');
	expect(delta.exinoneLogins).toBeGreaterThanOrEqual(1);
	expect(delta.exinoneLogins).toBeLessThanOrEqual(WORKERS.length);
	expect(delta.rainbowLogins).toBeGreaterThanOrEqual(1);
	expect(delta.rainbowLogins).toBeLessThanOrEqual(WORKERS.length);
	expect(delta.rainbowRefreshes).toBe(0);
});

test('n8n recorded every call as a successful execution', async () => {
	const count = await successfulExecutions(3 * CALLS);
	say(`n8n's executions list: ${count} successful executions of the workflow`);
	expect(count).toBe(3 * CALLS);
});
