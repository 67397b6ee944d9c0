'use strict';
// The soak: n8n in queue mode (main + 2 workers on Redis and PostgreSQL, as `npm run test:queue`
// starts them) with the simulators, through `days` simulated days in steps of STEP_HOURS. Every step
// moves the clock of both sides, ends and makes records for the triggers, and calls the webhooks (the
// schedule, two mints, the weekly convert on Mondays and a user's re-run some Thursdays); the faults
// of faults.js come at their steps. Afterwards accounting.js makes the report.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8nLocal = require('../n8n-local');
const stack = require('../local-stack');
const { createCaller } = require('./caller');
const { createControl } = require('./cluster');
const { planFaults, runFault } = require('./faults');
const { account, isCrash } = require('./accounting');
const { listExecutions, executionDetail, errorOf, retryExecution } = require('./executions');
const { stepCalls, weeklyCall } = require('./calls');
const ids = require('./ids');
const { captureOutput, say, sleep, waitFor } = require('./log');
const { watchOrigins } = require('./origins');
const workflows = require('./workflows');

const { TRIGGER_PAGE } = workflows;

const HOUR = 3600000;
const STEP_HOURS = 6;
const STEP_MS = STEP_HOURS * HOUR;
const WORKERS = 2;
const CONCURRENCY = 10;
const CLOCK_PRELOAD = path.join(__dirname, '..', '..', 'test', 'e2e', 'clock-offset.js');
const PROBE_PRELOAD = path.join(__dirname, 'probe.js');

async function publish(control, workflow) {
	const { data: created } = await control.restOk('POST', '/rest/workflows', workflow);
	await control.restOk('POST', `/rest/workflows/${created.id}/activate`, { versionId: created.versionId });
	// activation is published through an outbox that main polls: until then a webhook answers 404
	await waitFor(
		`workflow "${workflow.name}" to be published`,
		async () => {
			const { data } = await control.restOk('GET', `/rest/workflows/${created.id}/publication-status`);
			if (['failed', 'partial'].includes(data.status)) throw new Error(`activation of "${workflow.name}" failed: ${JSON.stringify(data)}`);
			return data.status === 'published' ? true : undefined;
		},
		{ timeoutMs: 60000, intervalMs: 250 },
	);
	return created.id;
}

/** The records the triggers watch, made and ended by the services (the simulators) between polls. */
function createRecords(sims, appId) {
	const pending = { rainbow: [], exinone: [] };
	let turn = 0;
	return {
		pending,
		/** Ends what the last step made (alternating outcomes) and makes one of each, left pending. */
		move() {
			for (const id of pending.rainbow.splice(0)) sims.rainbow.settleTask(appId, 'mint', id, turn++ % 3 === 2 ? 'failed' : 'success');
			for (const trace of pending.exinone.splice(0)) sims.exinone.settleOrder(trace, turn++ % 3 === 2 ? 'refunded' : 'success');
			pending.rainbow.push(sims.rainbow.createTask(appId, 'mint').id);
			pending.exinone.push(sims.exinone.createOrder().payTraceId);
		},
		/** Ended records of each list now: Rainbow mint tasks (status 1 or 2) and the bot's ExinOne orders (done). */
		ended(botId) {
			return {
				rainbow: sims.rainbow.appState(appId).mints.filter((m) => m.status !== 0).map((m) => String(m.id)),
				exinone: sims.exinone.state.ordersOf(botId).filter((o) => o.orderStatus === 'done').map((o) => String(o.id)),
			};
		},
	};
}

/**
 * Runs the soak; resolves the report. Options: days (30), log (progress lines, default stderr).
 */
async function runSoak({ days = 30 } = {}) {
	captureOutput();
	const startedAt = Date.now();
	const steps = Math.round((days * 24) / STEP_HOURS);
	const plan = planFaults(steps, STEP_HOURS);
	const ctx = { days, steps, plan, faults: [], weekly: [], memory: {}, timings: {}, lateRetries: [] };
	let services;
	let sims;
	let cluster;
	let control;
	const watchers = [];
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'));
	const keepWorkDir = n8nLocal.removeOnExit(workDir);
	try {
		await n8nLocal.provision();
		const { tarball } = stack.buildAndPack(workDir);
		// The month starts 12 h before a Monday (UTC): the first step is a Sunday evening, the second the
		// first Monday, when the weekly convert runs.
		const simStart = ids.nextMonday(Date.now(), 24 * HOUR) - 2 * STEP_MS;
		const offset = simStart - Date.now();
		fs.writeFileSync(path.join(workDir, 'offset'), String(offset));
		fs.writeFileSync(path.join(workDir, 'probe'), '0');
		services = await n8nLocal.startQueueServices();
		sims = await stack.startSimulators();
		for (const sim of [sims.exinone, sims.rainbow, sims.mixin]) sim.clock.set(Date.now() + offset);
		const identities = stack.createDemoIdentities(sims);
		ctx.identities = identities;
		// a month of weekly converts of 50 USDT, and more
		sims.mixin.deposit({ userId: identities.bot.appId, assetId: stack.DEMO_FUNDS[0].assetId, amount: '100', count: 5 });
		sims.rainbow.setRateLimit(10);
		const credentials = stack.demoCredentials(sims, identities).map((credential) => ({ ...credential, data: { ...credential.data, rateLimit: 4 } }));
		const env = {
			NODE_OPTIONS: `--require=${CLOCK_PRELOAD} --require=${PROBE_PRELOAD}`,
			E2E_CLOCK_OFFSET_FILE: path.join(workDir, 'offset'),
			SOAK_PROBE_FILE: path.join(workDir, 'probe'),
			SOAK_PROCESS_NAME: 'main',
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
			GENERIC_TIMEZONE: 'UTC',
			// n8n 2.41 evaluates expressions in an isolate ('vm') whose clock the preload cannot move: the
			// weekly convert's $now must follow the simulated month
			N8N_EXPRESSION_ENGINE: 'legacy',
			// a month of executions is kept: n8n would prune those older than 14 days (in its moved clock)
			EXECUTIONS_DATA_PRUNE: 'false',
			// a job whose worker died is given up after 20-30 s instead of 60-90 s (lock 60 s, stall check 30 s)
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
			// executions a lost job leaves "running" (the queue's Redis or PostgreSQL restarted under them) are
			// marked crashed by n8n's queue recovery: every minute instead of every 3 hours
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
		};
		const workerEnv = (index, generation = 1) => ({ SOAK_PROCESS_NAME: generation === 1 ? `worker-${index + 1}` : `worker-${index + 1}#${generation}` });
		cluster = await n8nLocal.startQueueCluster({ tarball, services, credentials, env, workerEnv, workers: WORKERS, concurrency: CONCURRENCY });
		control = createControl({ cluster, sims, workDir, env, workerEnv, concurrency: CONCURRENCY });
		Object.assign(ctx, { services, sims, cluster, control });

		// who renews tokens, and when (the services' clock)
		const processes = () => control.processes();
		ctx.renewals = {
			exinone: watchOrigins(sims.exinone, (m, p) => m === 'POST' && p === '/api/v2/mixin/me', processes),
			rainbow: watchOrigins(sims.rainbow, (m, p) => (m === 'POST' && p === '/v1/login') || p === '/v1/refresh_token', processes),
		};
		// the triggers' polls (their list requests: page size 50)
		ctx.polls = {
			rainbow: watchOrigins(sims.rainbow, (m, p, q) => m === 'GET' && p === '/v1/mints/' && q.limit === TRIGGER_PAGE, processes),
			exinone: watchOrigins(sims.exinone, (m, p, q) => m === 'GET' && p === '/api/v2/convert/order/lists' && q.limit === TRIGGER_PAGE, processes),
		};
		watchers.push(ctx.renewals.exinone, ctx.renewals.rainbow, ctx.polls.rainbow, ctx.polls.exinone);

		const appState = sims.rainbow.appState(identities.rainbowApp.appId);
		const contract = appState.contracts.find((c) => c.type === 1 || c.type === 'erc721') || appState.contracts[0];
		ctx.holders = appState.holders;
		ctx.workflowIds = {
			schedule: await publish(control, workflows.scheduleWorkflow()),
			mint: await publish(control, workflows.mintWorkflow({ chain: sims.rainbow.appState(identities.rainbowApp.appId).chainOf(contract), address: contract.address })),
			weekly: await publish(control, workflows.weeklyConvertWorkflow(sims)),
		};
		// both triggers poll every minute at one second, 20-40 s from now
		const second = (new Date(Date.now() + offset).getSeconds() + 30) % 60;
		ctx.pollSecond = second;
		const before = { rainbow: ctx.polls.rainbow.entries.length, exinone: ctx.polls.exinone.entries.length };
		ctx.workflowIds.rainbowTrigger = await publish(control, workflows.triggerWorkflow(sims, 'rainbow-trigger-mint-tasks.json', second));
		ctx.workflowIds.exinoneTrigger = await publish(control, workflows.triggerWorkflow(sims, 'exinone-trigger-settled-orders.json', second));
		await waitFor('the activation polls (baselines)', () => (ctx.polls.rainbow.entries.length > before.rainbow && ctx.polls.exinone.entries.length > before.exinone ? true : undefined), { timeoutMs: 30000 });
		ctx.records = createRecords(sims, identities.rainbowApp.appId);
		// what had ended before the baselines is history: never emitted
		ctx.baseline = ctx.records.ended(identities.bot.appId);
		ctx.caller = createCaller(() => cluster.baseUrl, () => sims.exinone.clock.now());
		ctx.timings.setupS = Math.round((Date.now() - startedAt) / 1000);
		ctx.simFrom = sims.exinone.clock.now();
		say(`set up in ${ctx.timings.setupS} s; simulated start ${new Date(ctx.simFrom).toISOString()}; ${steps} steps of ${STEP_HOURS} h; faults at steps ${JSON.stringify(plan.byStep)}`);

		const loopStarted = Date.now();
		for (let step = 1; step <= steps; step++) {
			ctx.step = step;
			// the clock fault moves the clock itself, to the moment it hurts
			if (plan.byStep[step] !== 'clock-back') await control.advance(STEP_MS);
			ctx.records.move();
			const simNow = sims.exinone.clock.now();
			const monday = ids.weekday(simNow) === 0 && !ctx.weekly.some((w) => w.week === ids.isoWeek(simNow) && w.kind === 'first');
			const rerun = ids.weekday(simNow) === 3 && plan.rerunWeeks.includes(ctx.weekly.filter((w) => w.kind === 'first').length - 1) && !ctx.weekly.some((w) => w.week === ids.isoWeek(simNow) && w.kind === 'rerun');
			const fault = plan.byStep[step];
			// (the clock fault's step has not moved the clock yet: the week's converts wait for the next step)
			const weeklyKind = fault === 'clock-back' ? null : monday ? 'first' : rerun ? 'rerun' : null;
			const handled = fault ? await runFault(fault, ctx, { weeklyKind }) : {};
			if (!handled.stepCalls) await Promise.all(stepCalls(ctx));
			if (weeklyKind && !handled.weekly) await weeklyCall(ctx, weeklyKind);
			if (step === plan.memoryStep) ctx.memory.day2 = { step, day: (step * STEP_HOURS) / 24, processes: await control.memory() };
			if (step % 4 === 0 || fault || weeklyKind) {
				const calls = ctx.caller.calls;
				say(
					`step ${step}/${steps} (day ${((step * STEP_HOURS) / 24).toFixed(2)}, ${new Date(simNow).toISOString().slice(0, 16)}Z): ${calls.length} calls, ` +
						`${calls.filter((c) => c.attempts.length > 1).length} retried, ${calls.filter((c) => !c.answered).length} unanswered${fault ? `; fault ${fault}` : ''}${weeklyKind ? `; weekly convert (${weeklyKind})` : ''}`,
				);
			}
		}
		ctx.timings.stepsS = Math.round((Date.now() - loopStarted) / 1000);
		ctx.simTo = sims.exinone.clock.now();

		// the last records end, and each trigger polls once more after that
		const settled = Date.now();
		await finalPolls(ctx);
		ctx.memory.end = { step: steps, day: days, processes: await control.memory() };
		ctx.timings.finalPollsS = Math.round((Date.now() - settled) / 1000);
		const accounted = Date.now();
		const report = await account(ctx, { logFiles: control.logFiles() });
		ctx.timings.accountingS = Math.round((Date.now() - accounted) / 1000);
		report.timings = { ...ctx.timings, wallS: Math.round((Date.now() - startedAt) / 1000) };
		return report;
	} finally {
		if (process.env.SOAK_KEEP_LOGS && control) keepLogs(process.env.SOAK_KEEP_LOGS, control.logFiles());
		for (const watcher of watchers) watcher.stop();
		await control?.stopRestarted();
		await cluster?.stop();
		await sims?.close();
		await services?.stop();
		keepWorkDir();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

/** Copies n8n's log files to `dir` (for a look after the run: the user folders go with the cluster). */
function keepLogs(dir, files) {
	fs.mkdirSync(dir, { recursive: true });
	files.forEach((file, index) => {
		if (fs.existsSync(file)) fs.copyFileSync(file, path.join(dir, `${index === 0 ? 'main' : `worker-${index}`}-${path.basename(file)}`));
	});
}

/** After the last step: every trigger polls once more, 3 s or more after the last record changed, and what it started ends. */
async function finalPolls(ctx) {
	await sleep(3000);
	const marks = { rainbow: ctx.polls.rainbow.entries.length, exinone: ctx.polls.exinone.entries.length };
	await waitFor('a last poll of each trigger', () => (ctx.polls.rainbow.entries.length > marks.rainbow && ctx.polls.exinone.entries.length > marks.exinone ? true : undefined), {
		timeoutMs: 90000,
		intervalMs: 250,
	});
	await sleep(3000);
	await waitFor(
		'the executions to end',
		async () => {
			const filter = encodeURIComponent(JSON.stringify({ status: ['running', 'new'] }));
			const { data } = await ctx.control.restOk('GET', `/rest/executions?filter=${filter}&limit=10`);
			return data.results.length === 0 ? true : undefined;
		},
		{ timeoutMs: 60000, intervalMs: 1000 },
	).catch((error) => say(`${error.message}: left as they are for the accounting`));
	// a crash no fault retried (n8n's queue recovery marks executions a restart left running): a user retries it
	const executions = await listExecutions(ctx.control, {});
	const retried = new Set(executions.filter((e) => e.retryOf).map((e) => String(e.retryOf)));
	for (const execution of executions.filter((e) => !e.retryOf && !retried.has(String(e.id)) && !['success', 'running', 'new', 'waiting'].includes(e.status))) {
		const { run } = await executionDetail(ctx.control, execution.id);
		if (!isCrash(execution, errorOf(run)?.message)) continue;
		const { retried: retry } = await retryExecution(ctx.control, execution.id, execution.workflowId);
		ctx.lateRetries.push({ id: execution.id, status: execution.status, n8nRetry: { id: retry.id, status: retry.status } });
	}
}

module.exports = { runSoak, STEP_MS, STEP_HOURS, HOUR };
