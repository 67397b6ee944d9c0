'use strict';
// The soak's faults, each once per run, each at a moment chosen to hurt:
//   kill-worker-during-transfer  SIGKILL to the worker that sent the weekly convert's transaction request
//                                (its answer held), before it could submit; restarted; the crashed
//                                execution retried through n8n's REST API, as a user would
//   kill-worker-during-read      the same in the middle of the schedule's read (ExinOne's list held)
//   restart-main-between-polls   main stopped and started right after both triggers polled, with mints in flight
//   restart-redis, restart-postgres  the queue's services restarted while the step's executions run;
//                                PostgreSQL also as the triggers poll, then refusing new executions for
//                                8 s as both triggers end a poll with records: n8n cannot start their
//                                execution, and the triggers must emit them again
//   exinone-down, rainbow-down   the service answers 503 for one simulated hour, across a trigger's poll
//   mixin-down                   Mixin answers 503 for one simulated hour from the moment the weekly
//                                convert submits its transaction (or, without a second Monday in the
//                                run, looks up its request ID in a user's re-run)
//   clock-back, clock-forward    n8n's clock 10 min behind the services' 2 min after ExinOne's 24 h
//                                token expired (n8n still takes it for valid), then back in step
// Each fault records what it did and when (in the real clock, with which n8n stamps its executions, so
// that the errors a fault caused are told from others).

const { httpRequest } = require('../n8n-local/rest-client');
const { stepCalls, weeklyCall } = require('./calls');
const { lastExecutionId, listExecutions, retryExecution, executionDetail, firstItem, errorOf } = require('./executions');
const ids = require('./ids');
const { say, sleep, waitFor } = require('./log');
const { watchOrigins } = require('./origins');
const { refuseNewExecutions, restartPostgres, restartRedis } = require('./services-restart');
const { TRIGGER_PAGE } = require('./workflows');

const MINUTE = 60000;

/** At which step each fault comes, for a run of `steps` steps of `stepHours`. */
function planFaults(steps, stepHours) {
	const perDay = Math.round(24 / stepHours);
	const byStep = {};
	// SOAK_FAULTS=name,name… runs only those (to work on one fault)
	const only = process.env.SOAK_FAULTS ? process.env.SOAK_FAULTS.split(',') : null;
	const put = (step, name) => {
		if (only && !only.includes(name)) return;
		let at = Math.max(1, Math.min(step, steps));
		while (byStep[at] && at < steps) at++;
		if (!byStep[at]) byStep[at] = name;
	};
	// the run starts 12 h before a Monday: step 2 is the first Monday, then every 7 days
	const mondays = [];
	for (let step = 2; step <= steps; step += 7 * perDay) mondays.push(step);
	const memoryStep = 2 * perDay;
	put(mondays[0], 'kill-worker-during-transfer');
	put(3, 'kill-worker-during-read');
	put(5, 'restart-main-between-polls');
	put(Math.max(memoryStep + 2, Math.round(0.35 * steps)), 'restart-redis');
	put(Math.round(0.45 * steps), 'restart-postgres');
	put(mondays.find((step) => step > memoryStep) ?? mondays[0] + 3 * perDay, 'mixin-down');
	put(Math.round(0.6 * steps), 'exinone-down');
	put(Math.round(0.72 * steps), 'rainbow-down');
	// 3 days before the end: the step's time is moved to 2 min past the expiry of ExinOne's 24 h token,
	// with n8n's clock 10 min behind; clock-forward puts it back the next step
	put(steps - 3 * perDay - 1, 'clock-back');
	put(steps - 3 * perDay, 'clock-forward');
	return { byStep, memoryStep, mondays, rerunWeeks: [0, 2, 4] };
}

/** Takes a simulator down (spec) or brings it back (false), through its control endpoint. */
async function setDown(sim, spec) {
	const response = await httpRequest('POST', `${sim.url}/__sim/down`, { body: spec === false ? { down: false } : spec, timeoutMs: 5000 });
	if (response.status !== 200) throw new Error(`could not switch ${sim.url} down/up: HTTP ${response.status}`);
}

/**
 * When the triggers' next scheduled poll is due (real ms): at second `pollSecond` of every minute of
 * n8n's clock, which runs ahead of the real one by its current offset.
 */
function nextPollAt(ctx) {
	const now = Date.now();
	const phase = (((ctx.pollSecond * 1000 - ctx.control.n8nOffset()) % MINUTE) + MINUTE) % MINUTE;
	let next = now - (now % MINUTE) + phase;
	while (next <= now) next += MINUTE;
	return next;
}

async function waitForPolls(ctx, which, timeoutMs = 75000) {
	const marks = which.map((name) => ctx.polls[name].entries.length);
	await waitFor(`a poll of ${which.join(' and ')}`, () => (which.every((name, i) => ctx.polls[name].entries.length > marks[i]) ? true : undefined), { timeoutMs, intervalMs: 100 });
}

const attemptsOf = (record) => record.attempts.map((a) => (a.why ? `${(a.ms / 1000).toFixed(1)} s: ${a.why.slice(0, 120)}` : `${(a.ms / 1000).toFixed(1)} s: answered`));

/**
 * Every execution the kill crashed (Bull gave its job up: "failed to be processed too many times"),
 * retried through n8n's REST API as a user would. `calls`: { workflowId: call id } of the calls whose
 * executions the fault aimed at (a crashed execution's data no longer says which call it served).
 */
async function retryCrashed(ctx, mark, calls) {
	const crashedOnes = await crashedAfter(ctx.control, mark, Object.keys(calls));
	const nodesRan = (r) => Object.entries(r?.resultData?.runData || {}).map(([node, runs]) => `${node}${runs.some((x) => x.error) ? ' (error)' : ''}`);
	const out = [];
	for (const crashed of crashedOnes) {
		const { run } = await executionDetail(ctx.control, crashed.id);
		const { retried } = await retryExecution(ctx.control, crashed.id, crashed.workflowId);
		const detail = await executionDetail(ctx.control, retried.id);
		out.push({
			id: crashed.id,
			workflow: Object.entries(ctx.workflowIds).find(([, id]) => id === crashed.workflowId)?.[0],
			call: calls[crashed.workflowId],
			status: crashed.status,
			error: errorOf(run)?.message,
			nodesRan: nodesRan(run),
			n8nRetry: { id: retried.id, status: retried.status, error: errorOf(detail.run)?.message, nodesRan: nodesRan(detail.run), answer: firstItem(detail.run, 'Answer') },
		});
	}
	return out;
}

/** The executions after `mark` that ended crashed, once those of `mustHave` workflows are among them. */
async function crashedAfter(control, mark, mustHave) {
	return await waitFor(
		'the crashed executions',
		async () => {
			const list = (await listExecutions(control, {})).filter((e) => Number(e.id) > mark && !['success', 'running', 'new', 'waiting'].includes(e.status));
			const crashed = [];
			for (const execution of list) {
				if (execution.status === 'crashed') crashed.push(execution);
				else if (/processed too many times/.test(errorOf((await executionDetail(control, execution.id)).run)?.message || '')) crashed.push(execution);
			}
			return mustHave.every((workflowId) => crashed.some((e) => e.workflowId === workflowId)) ? crashed : undefined;
		},
		{ timeoutMs: 120000, intervalMs: 1000 },
	);
}

/**
 * Kills the worker that sent the first request `watch` saw, once `ready()` holds (`afterKill()` notes the
 * state the kill left); a new worker takes its place.
 */
async function killSender(ctx, watch, ready, what, afterKill = () => ({})) {
	await waitFor(what, () => (watch.entries.length > 0 && ready() ? true : undefined), { timeoutMs: 120000, intervalMs: 20 });
	const sender = watch.entries[0];
	const index = ctx.control.workerIndexOfPid(sender.pid);
	if (index < 0) throw new Error(`${what} was sent by ${sender.origin}, not by a worker`);
	const killed = await ctx.control.killWorker(index);
	const atKill = afterKill();
	const started = await ctx.control.startWorker(index);
	return { killed: killed.name, pid: killed.pid, signal: killed.exit?.signal, ...atKill, restarted: started.name, restartedInS: +(started.readyInMs / 1000).toFixed(1) };
}

const faults = {
	async 'kill-worker-during-transfer'(ctx, { weeklyKind }) {
		if (weeklyKind !== 'first') throw new Error('kill-worker-during-transfer needs a Monday step');
		const { sims, control } = ctx;
		const known = new Set(sims.mixin.state.requests.keys());
		const newRequest = () => [...sims.mixin.state.requests.keys()].find((id) => !known.has(id));
		let requestId;
		const watch = watchOrigins(sims.mixin, (m, p) => m === 'POST' && p === '/safe/transaction/requests', control.processes);
		// the transaction request is recorded by Mixin; its answer is held, so the worker waits for it
		sims.mixin.fault({ method: 'POST', path: '/safe/transaction/requests', lostAnswer: true, delayMs: 120000 });
		const mark = await lastExecutionId(control);
		const calls = Promise.all(stepCalls(ctx));
		const weekly = weeklyCall(ctx, 'first');
		try {
			const submits = () => sims.mixin.requests.filter((r) => r.method === 'POST' && r.path === '/safe/transactions' && r.body?.[0]?.request_id === requestId).length;
			const kill = await killSender(ctx, watch, () => (requestId = newRequest()) !== undefined, "the weekly convert's transaction request", () => ({
				requestId,
				requestStateAtKill: sims.mixin.state.requests.get(requestId)?.state,
				submitsAtKill: submits(),
			}));
			const record = await weekly;
			await calls;
			const crashed = await retryCrashed(ctx, mark, { [ctx.workflowIds.weekly]: record.id });
			return {
				detail: {
					expectedRequestId: ids.weeklyRequestId(ids.isoWeek(sims.exinone.clock.now())),
					...kill,
					submitsAfter: submits(),
					caller: { call: record.id, answered: record.answered, attempts: attemptsOf(record) },
					crashed,
					payments: sims.mixin.payments.filter((p) => p.requestId === requestId).length,
				},
				handled: { stepCalls: true, weekly: true },
			};
		} finally {
			watch.stop();
		}
	},

	async 'kill-worker-during-read'(ctx) {
		const { sims, control } = ctx;
		const list = '/api/v2/convert/order/lists';
		const watch = watchOrigins(sims.exinone, (m, p, q) => m === 'GET' && p === list && q.limit === '10', control.processes);
		sims.exinone.fault({ method: 'GET', path: list, query: { limit: '10' }, delayMs: 120000 });
		const mark = await lastExecutionId(control);
		const calls = stepCalls(ctx);
		try {
			const kill = await killSender(ctx, watch, () => true, "the schedule's ExinOne read");
			const [schedule] = await Promise.all(calls);
			const crashed = await retryCrashed(ctx, mark, { [ctx.workflowIds.schedule]: schedule.id });
			return { detail: { ...kill, caller: { call: schedule.id, answered: schedule.answered, attempts: attemptsOf(schedule) }, crashed }, handled: { stepCalls: true } };
		} finally {
			watch.stop();
		}
	},

	async 'restart-main-between-polls'(ctx) {
		await waitForPolls(ctx, ['rainbow', 'exinone']);
		await sleep(1500);
		// records end between this poll and the next (the startup poll of the new main)
		ctx.records.move();
		const marks = { rainbow: ctx.polls.rainbow.entries.length, exinone: ctx.polls.exinone.entries.length };
		const calls = Promise.all(stepCalls(ctx));
		await sleep(300);
		const restart = await ctx.control.restartMain();
		await waitFor('the startup polls', () => (ctx.polls.rainbow.entries.length > marks.rainbow && ctx.polls.exinone.entries.length > marks.exinone ? true : undefined), { timeoutMs: 60000 });
		const records = await calls;
		return {
			detail: {
				stoppedInS: +(restart.stoppedInMs / 1000).toFixed(1),
				readyInS: +(restart.readyInMs / 1000).toFixed(1),
				exit: restart.exit,
				callsInFlight: records.map((r) => ({ call: r.id, answered: r.answered, attempts: attemptsOf(r) })),
			},
			handled: { stepCalls: true },
		};
	},

	'restart-redis': (ctx) => restartMidFlight(ctx, restartRedis),
	async 'restart-postgres'(ctx) {
		const midFlight = await restartMidFlight(ctx, restartPostgres, { asTriggersPoll: true });
		const acrossEmission = await refusalAcrossEmission(ctx);
		return { detail: { ...midFlight.detail, acrossEmission }, handled: midFlight.handled };
	},

	'exinone-down': (ctx, options) => outage(ctx, 'exinone', options),
	'rainbow-down': (ctx, options) => outage(ctx, 'rainbow', options),

	async 'mixin-down'(ctx, { weeklyKind }) {
		if (!weeklyKind) throw new Error('mixin-down needs a weekly convert step');
		const { sims, control } = ctx;
		const first = weeklyKind === 'first';
		const method = first ? 'POST' : 'GET';
		const matches = (m, p) => m === method && (first ? p === '/safe/transactions' : p.startsWith('/safe/transactions/'));
		const watch = watchOrigins(sims.mixin, matches, control.processes);
		// that request is answered 503 (a moment later, so that the rest of the service is down by then)
		sims.mixin.fault({ method, path: first ? '/safe/transactions' : /^\/safe\/transactions\/[^/]+$/, delayMs: 300, status: 503 });
		const calls = Promise.all(stepCalls(ctx));
		const weekly = weeklyCall(ctx, weeklyKind);
		const record = () => ctx.caller.calls.filter((c) => c.kind === 'weekly').at(-1);
		const outage = {};
		try {
			await waitFor(`the weekly convert's ${method} of its request`, () => (watch.entries.length > 0 ? true : undefined), { timeoutMs: 120000, intervalMs: 10 });
			await setDown(sims.mixin, {});
			Object.assign(outage, { realFrom: Date.now(), simFrom: sims.mixin.clock.now() });
			try {
				for (let quarter = 0; quarter < 4; quarter++) await control.advance(15 * MINUTE);
				await waitFor('the weekly call to fail once', () => (record().attempts.length > 0 ? true : undefined), { timeoutMs: 120000, intervalMs: 100 });
			} finally {
				await setDown(sims.mixin, false);
			}
			Object.assign(outage, { realTo: Date.now(), simTo: sims.mixin.clock.now() });
			const done = await weekly;
			await calls;
			return {
				detail: {
					at: `${method} ${first ? '/safe/transactions (submit)' : '/safe/transactions/{id} (lookup)'}`,
					requestsRefused: sims.mixin.requests.filter((r) => r.down).length,
					caller: { call: done.id, answered: done.answered, attempts: attemptsOf(done) },
					outageRealS: +((outage.realTo - outage.realFrom) / 1000).toFixed(1),
					outageSimMin: Math.round((outage.simTo - outage.simFrom) / MINUTE),
					payments: sims.mixin.payments.filter((p) => p.requestId === ids.weeklyRequestId(ids.isoWeek(outage.simFrom))).length,
				},
				handled: { stepCalls: true, weekly: true },
			};
		} finally {
			watch.stop();
		}
	},

	async 'clock-back'(ctx) {
		// this step lasts until 2 min after ExinOne's token expired (6 h when it already has); n8n, 10 min
		// behind, still takes the token for valid
		const ageMs = exinoneTokenAgeMs(ctx);
		const toExpiry = ageMs === null ? null : 24 * 60 * MINUTE + 2 * MINUTE - ageMs;
		const stepMs = toExpiry !== null && toExpiry > 0 ? toExpiry : 6 * 60 * MINUTE;
		ctx.sims.advance(stepMs);
		await ctx.control.setN8nOffset(ctx.control.n8nOffset() + stepMs - 10 * MINUTE);
		const tokenAgeMin = Math.round(exinoneTokenAgeMs(ctx) / MINUTE);
		const before = ctx.renewals.exinone.entries.length;
		const records = await Promise.all(stepCalls(ctx));
		return {
			detail: {
				n8nBehindServicesMin: 10,
				stepHours: +(stepMs / (60 * MINUTE)).toFixed(2),
				exinoneTokenAgeMin: tokenAgeMin,
				hurts: tokenAgeMin >= 24 * 60 && tokenAgeMin < 24 * 60 + 9,
				exinoneLogins: ctx.renewals.exinone.entries.slice(before).map((e) => `${e.origin} → ${e.status}`),
				calls: records.map((r) => ({ call: r.id, answered: r.answered, attempts: attemptsOf(r) })),
			},
			handled: { stepCalls: true },
		};
	},

	async 'clock-forward'(ctx) {
		await ctx.control.setN8nOffset(ctx.control.n8nOffset() + 10 * MINUTE);
		const records = await Promise.all(stepCalls(ctx));
		return { detail: { n8nBehindServicesMin: 0, calls: records.map((r) => ({ call: r.id, answered: r.answered, attempts: attemptsOf(r) })) }, handled: { stepCalls: true } };
	},
};

/**
 * Redis or PostgreSQL restarted while the step's executions run: the moment the schedule's read
 * reaches ExinOne (its job is active on a worker, the mints' too).
 */
async function restartMidFlight(ctx, restart, { asTriggersPoll = false } = {}) {
	// `asTriggersPoll`: also as the triggers poll, whose emissions n8n must record
	const wait = asTriggersPoll ? nextPollAt(ctx) - 500 - Date.now() : 0;
	if (wait > 0) await sleep(wait);
	const polls = { rainbow: ctx.polls.rainbow.entries.length, exinone: ctx.polls.exinone.entries.length };
	const inFlight = watchOrigins(ctx.sims.exinone, (m, p, q) => m === 'GET' && p === '/api/v2/convert/order/lists' && q.limit === '10', ctx.control.processes);
	const calls = Promise.all(stepCalls(ctx));
	const polled = () => ctx.polls.rainbow.entries.length > polls.rainbow || ctx.polls.exinone.entries.length > polls.exinone;
	try {
		await waitFor("the schedule's read to reach ExinOne", () => (inFlight.entries.length > 0 ? true : undefined), { timeoutMs: 30000, intervalMs: 5 });
		if (asTriggersPoll) await waitFor('a trigger to poll', () => (polled() ? true : undefined), { timeoutMs: 5000, intervalMs: 5 }).catch(() => undefined);
	} finally {
		inFlight.stop();
	}
	const duringPoll = polled();
	const restarted = await restart(ctx.services);
	const records = await calls;
	return {
		detail: { ...restarted, ...(asTriggersPoll ? { duringPoll } : {}), calls: records.map((r) => ({ call: r.id, answered: r.answered, attempts: attemptsOf(r) })) },
		handled: { stepCalls: true },
	};
}

/** The first request to come to any of `sims` that `matches` (method, path, query): resolves its time. */
function firstRequest(sims, matches) {
	return new Promise((resolve) => {
		const listeners = sims.map((sim) => {
			const listener = (req) => {
				const url = new URL(req.url || '/', 'http://127.0.0.1');
				if (!matches(req.method, url.pathname, Object.fromEntries(url.searchParams))) return;
				sims.forEach((other, i) => other.server.off('request', listeners[i]));
				resolve(Date.now());
			};
			sim.server.on('request', listener);
			return listener;
		});
	});
}

/**
 * PostgreSQL refusing to record the triggers' executions, as at the moment of a restart when a poll
 * ends. After a poll of both triggers has followed the restart, the records move on (a task and an
 * order end), each trigger's next list answer is held 1.5 s, and as the first of those requests
 * arrives the database starts refusing new rows in n8n's execution table, for 8 s, every other query
 * going on: both polls read all their pages (each page's request reads the credential from the
 * database) and end with records whose execution n8n cannot start. The triggers must emit them again.
 */
async function refusalAcrossEmission(ctx) {
	const count = () => ({ rainbow: ctx.polls.rainbow.entries.length, exinone: ctx.polls.exinone.entries.length });
	const before = count();
	await waitFor('a poll of each trigger after the restart', () => (count().rainbow > before.rainbow && count().exinone > before.exinone ? true : undefined), { timeoutMs: 90000, intervalMs: 100 });
	await sleep(5000); // the rest of that poll's pages
	ctx.records.move();
	const lists = { rainbow: '/v1/mints/', exinone: '/api/v2/convert/order/lists' };
	for (const [name, path] of Object.entries(lists)) ctx.sims[name].fault({ method: 'GET', path, query: { limit: TRIGGER_PAGE }, delayMs: 1500 });
	const marks = count();
	const arrived = await firstRequest([ctx.sims.rainbow, ctx.sims.exinone], (m, p, q) => m === 'GET' && Object.values(lists).includes(p) && q.limit === TRIGGER_PAGE);
	await refuseNewExecutions(ctx.services, true);
	const refusedAt = Date.now();
	try {
		await sleep(8000);
	} finally {
		await refuseNewExecutions(ctx.services, false);
	}
	// the triggers' list requests from the first held one on: ms after it, page, status
	const requests = Object.fromEntries(
		Object.keys(lists).map((name) => [name, ctx.polls[name].entries.slice(marks[name]).map((e) => `${e.realAt - arrived} ms: page ${e.query.page ?? '-'} → ${e.status}`)]),
	);
	return { refusingAfterPollRequestMs: refusedAt - arrived, refusedForMs: Date.now() - refusedAt, requests };
}

/** A service down for one simulated hour, across a poll of its trigger, with the step's calls meanwhile. */
async function outage(ctx, name, { weeklyKind }) {
	const { sims, control } = ctx;
	const sim = sims[name];
	// start 3 s before the next scheduled poll, so that the outage is short in real time and meets a poll
	const wait = nextPollAt(ctx) - 3000 - Date.now();
	if (wait > 0) await sleep(wait);
	// a poll is whatever main sends (its token's renewal or the list): in queue mode only the triggers run there
	const fromMain = watchOrigins(sim, () => true, control.processes);
	await setDown(sim, {});
	const outage = { realFrom: Date.now(), simFrom: sim.clock.now() };
	let calls;
	let weekly;
	try {
		calls = Promise.all(stepCalls(ctx));
		weekly = weeklyKind ? weeklyCall(ctx, weeklyKind) : undefined;
		for (let quarter = 0; quarter < 4; quarter++) await control.advance(15 * MINUTE);
		const polled = () => fromMain.entries.some((entry) => entry.origin.startsWith('main'));
		await waitFor(`a poll of the ${name} trigger during the outage`, () => (polled() ? true : undefined), { timeoutMs: 75000, intervalMs: 100 });
		await sleep(1000);
	} finally {
		await setDown(sim, false);
		fromMain.stop();
	}
	Object.assign(outage, { realTo: Date.now(), simTo: sim.clock.now() });
	const records = [...(await calls), ...(weekly ? [await weekly] : [])];
	return {
		detail: {
			outageRealS: +((outage.realTo - outage.realFrom) / 1000).toFixed(1),
			outageSimMin: Math.round((outage.simTo - outage.simFrom) / MINUTE),
			requestsRefused: sim.requests.filter((r) => r.down).length,
			refusedFromMain: fromMain.entries.filter((entry) => entry.origin.startsWith('main')).map((entry) => `${entry.method} ${entry.path}`),
			calls: records.map((r) => ({ call: r.id, answered: r.answered, attempts: attemptsOf(r) })),
		},
		handled: { stepCalls: true, weekly: Boolean(weekly) },
	};
}

/** How long since ExinOne last granted a token (its life is 24 h), in the services' clock. */
function exinoneTokenAgeMs(ctx) {
	const granted = ctx.renewals.exinone.entries.filter((e) => e.status === 200);
	return granted.length ? ctx.sims.exinone.clock.now() - granted.at(-1).simAt : null;
}

/** Runs the fault of this step; records it in ctx.faults. Resolves what it handled of the step's work. */
async function runFault(name, ctx, options) {
	const started = Date.now();
	const simAt = ctx.sims.exinone.clock.now();
	say(`fault ${name} at step ${ctx.step}`);
	const event = { name, step: ctx.step, day: +((ctx.step * 6) / 24).toFixed(2), simAt: new Date(simAt).toISOString() };
	ctx.faults.push(event);
	try {
		const outcome = await faults[name](ctx, options);
		Object.assign(event, { detail: outcome.detail, window: { realFrom: started, realTo: Date.now() }, realS: +((Date.now() - started) / 1000).toFixed(1) });
		say(`fault ${name} done in ${event.realS} s: ${JSON.stringify(outcome.detail).slice(0, 600)}`);
		return outcome.handled;
	} catch (error) {
		Object.assign(event, { error: error.message, window: { realFrom: started, realTo: Date.now() }, realS: +((Date.now() - started) / 1000).toFixed(1) });
		say(`fault ${name} failed: ${error.stack}`);
		return {};
	}
}

module.exports = { planFaults, runFault };
