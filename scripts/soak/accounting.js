'use strict';
// The soak's report: every call and every execution accounted for, the Mixin ledger and the weekly
// converts, the mints per call, what each trigger emitted against what ended, the renewals per token
// life and process, the memory of each process, the secrets looked for in every log, and the checks.

const fs = require('node:fs');

const stack = require('../local-stack');
const { listExecutions, executionDetail, triggerItems, isFailedPoll, errorOf } = require('./executions');
const ids = require('./ids');
const { capturedOutput, say } = require('./log');
const { TRIGGER_NODES } = require('./workflows');

const HOUR = 3600000;
/** Token lives in the services' clock: ExinOne's bearer lasts 24 h; a Rainbow token 1 h (a refresh gives another). */
const TOKEN_LIFE_MS = { exinone: 24 * HOUR, rainbow: HOUR };
/** A renewal this close to the end of a life (n8n renews ahead, its clock may be 10 min off) opens the next one. */
const LIFE_SLACK_MS = 15 * 60000;
/** An error belongs to a fault if its execution started within the fault or this long after it. */
const FAULT_TAIL_MS = 150000;

const attemptsOf = (record) => record.attempts.map((a) => (a.why ? `${(a.ms / 1000).toFixed(1)} s: ${a.why.slice(0, 120)}` : `${(a.ms / 1000).toFixed(1)} s: answered`));

function countBy(list, key) {
	const out = {};
	for (const item of list) out[key(item)] = (out[key(item)] || 0) + 1;
	return out;
}

function duplicatesOf(list) {
	const counts = countBy(list, (x) => x);
	return Object.entries(counts)
		.filter(([, n]) => n > 1)
		.map(([id, n]) => ({ id, times: n }));
}

/** The call a webhook execution served, from the webhook node's input (query or body `call`). */
function callOfRun(run) {
	for (const runs of Object.values(run?.resultData?.runData || {})) {
		const json = runs?.[0]?.data?.main?.[0]?.[0]?.json;
		const call = json?.query?.call ?? json?.body?.call;
		if (call) return String(call);
	}
	const stacked = run?.executionData?.nodeExecutionStack?.[0]?.data?.main?.[0]?.[0]?.json;
	const call = stacked?.query?.call ?? stacked?.body?.call;
	return call ? String(call) : undefined;
}

/** When an execution started: n8n leaves startedAt empty for one it could not run (then its creation). */
const whenOf = (execution) => execution.startedAt ?? execution.createdAt ?? execution.stoppedAt;

/** The fault during which (or shortly after which) an execution started: n8n stamps startedAt from the real clock. */
function faultAt(faults, startedAt, tailMs = FAULT_TAIL_MS) {
	const at = Date.parse(startedAt);
	const during = faults.filter((f) => f.window && at >= f.window.realFrom - 2000 && at <= f.window.realTo + tailMs);
	return during.sort((a, b) => b.window.realFrom - a.window.realFrom)[0]?.name;
}

/**
 * The call an execution served when its data no longer says (a crash replaced it): the one call of
 * that workflow with a failed attempt running when the execution started.
 */
function callByTime(calls, kind, startedAt) {
	const at = Date.parse(startedAt);
	const candidates = calls.filter((c) => c.kind === kind && c.attempts.some((a) => a.why && at >= a.at - 1000 && at <= a.at + a.ms + 1000));
	return candidates.length === 1 ? candidates[0].id : undefined;
}

/**
 * Whether an execution crashed: its worker died under it (Bull gave the job up, n8n says it "failed to
 * be processed too many times") or n8n's queue recovery found it left running (status crashed).
 */
function isCrash(execution, message) {
	return execution.status === 'crashed' || /processed too many times/i.test(message || '');
}

/** Renewals grouped into token lives (a life starts with a renewal made after the previous life ended). */
function tokenLives(entries, lifeMs) {
	const lives = [];
	for (const entry of [...entries].sort((a, b) => a.simAt - b.simAt)) {
		const current = lives.at(-1);
		if (!current || entry.simAt >= current.from + lifeMs - LIFE_SLACK_MS) lives.push({ from: entry.simAt, entries: [entry] });
		else current.entries.push(entry);
	}
	return lives.map((life) => ({
		from: new Date(life.from).toISOString(),
		byProcess: countBy(life.entries, (e) => e.origin),
		renewals: life.entries.map((e) => `${new Date(e.simAt).toISOString()} ${e.origin} ${e.method} ${e.path}`),
	}));
}

/** The poll state a trigger node keeps in its workflow's static data (nodes/shared/poll-trigger.ts), as n8n saved it. */
async function triggerState(control, workflowId, nodeName) {
	const { data } = await control.restOk('GET', `/rest/workflows/${workflowId}`);
	const staticData = typeof data.staticData === 'string' ? JSON.parse(data.staticData || '{}') : data.staticData || {};
	return staticData[`node:${nodeName}`]?.pollState;
}

/** Renewals that gave a token (answered 200), in token lives; the refused attempts (outages) beside. */
function renewalsOf(name, watcher) {
	const granted = watcher.entries.filter((e) => e.status === 200);
	const lives = tokenLives(granted, TOKEN_LIFE_MS[name]);
	const perLife = lives.flatMap((life) => Object.values(life.byProcess));
	return {
		renewals: granted.length,
		byKind: countBy(granted, (e) => `${e.method} ${e.path}`),
		byProcess: countBy(granted, (e) => e.origin),
		tokenLives: lives.length,
		maxPerProcessPerLife: perLife.length ? Math.max(...perLife) : 0,
		livesWithMoreThanOnePerProcess: lives.filter((life) => Object.values(life.byProcess).some((n) => n > 1)),
		refusedAttempts: countBy(watcher.entries.filter((e) => e.status !== 200), (e) => `${e.method} ${e.path} → ${e.status}`),
		unknownOrigin: granted.filter((e) => e.origin === 'unknown').length,
	};
}

function memoryReport(memory) {
	const workers = [];
	for (const slot of ['worker-1', 'worker-2', 'main']) {
		const pick = (sample) => Object.entries(sample?.processes || {}).find(([name]) => name.split('#')[0] === slot);
		const [day2Name, day2] = pick(memory.day2) || [];
		const [endName, end] = pick(memory.end) || [];
		if (!day2 || !end) continue;
		workers.push({
			process: slot,
			sameProcess: day2.pid === end.pid,
			names: day2Name === endName ? day2Name : `${day2Name} → ${endName}`,
			day2: { day: memory.day2.day, rssMb: day2.rssMb, heapAfterGcMb: day2.heapAfterGcMb },
			end: { day: memory.end.day, rssMb: end.rssMb, heapAfterGcMb: end.heapAfterGcMb },
			rssRatio: day2.rssMb && end.rssMb ? +(end.rssMb / day2.rssMb).toFixed(3) : null,
			heapRatio: day2.heapAfterGcMb && end.heapAfterGcMb ? +(end.heapAfterGcMb / day2.heapAfterGcMb).toFixed(3) : null,
		});
	}
	return workers;
}

function countSecrets(text, secrets) {
	let found = 0;
	for (const secret of secrets) {
		if (!secret) continue;
		for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) found++;
	}
	return found;
}

async function account(ctx, { logFiles }) {
	const { control, sims, identities, workflowIds } = ctx;
	const workflowName = Object.fromEntries(Object.entries(workflowIds).map(([name, id]) => [id, name]));
	const calls = ctx.caller.calls;

	// ---- executions: every one n8n started, read whole ----
	const executions = await listExecutions(control, {});
	const details = new Map();
	for (const execution of executions) details.set(String(execution.id), await executionDetail(control, execution.id));
	const answered = new Set(calls.flatMap((c) => c.attempts.map((a) => a.execution).filter(Boolean).map(String)));
	const retriedBy = new Map(executions.filter((e) => e.retryOf).map((e) => [String(e.retryOf), e]));
	const webhookFlows = new Set([workflowIds.schedule, workflowIds.mint, workflowIds.weekly]);
	// a crashed execution's data is replaced by its error: the fault that crashed it knows its call
	const callOfCrash = new Map(ctx.faults.flatMap((f) => f.detail?.crashed || []).filter((c) => c.call).map((c) => [String(c.id), c.call]));
	const errors = [];
	const answersLost = [];
	const unaccounted = [];
	for (const execution of executions) {
		const { run } = details.get(String(execution.id));
		const workflow = workflowName[execution.workflowId] || execution.workflowId;
		const base = { id: execution.id, workflow, mode: execution.mode, status: execution.status, startedAt: execution.startedAt };
		if (execution.status === 'success') {
			if (webhookFlows.has(execution.workflowId) && execution.mode === 'webhook' && !answered.has(String(execution.id))) {
				const call = callOfRun(run) ?? callByTime(calls, workflow, whenOf(execution));
				const record = calls.find((c) => c.id === call);
				answersLost.push({ ...base, call, fault: faultAt(ctx.faults, whenOf(execution)), callAnswered: record?.answered, attempts: record ? attemptsOf(record) : undefined });
			}
			continue;
		}
		if (['running', 'new', 'waiting', 'unknown'].includes(execution.status)) {
			unaccounted.push({ ...base, why: `still ${execution.status}` });
			continue;
		}
		const error = errorOf(run);
		const retry = retriedBy.get(String(execution.id));
		const origin = execution.retryOf ? executions.find((e) => String(e.id) === String(execution.retryOf)) : execution;
		const call =
			callOfRun(run) ??
			callOfCrash.get(String(origin?.id)) ??
			(origin && webhookFlows.has(origin.workflowId) ? callByTime(calls, workflow, whenOf(origin)) : undefined);
		const record = calls.find((c) => c.id === call);
		const entry = {
			...base,
			...(execution.retryOf ? { retryOf: execution.retryOf } : {}),
			message: error?.message || '',
			...(error?.description ? { description: error.description.slice(0, 300) } : {}),
			node: error?.node,
			nodesRan: Object.keys(run?.resultData?.runData || {}),
			call,
			// the call this execution served was answered in the end (by the caller's retry)
			callAnsweredBy: record?.answered ? record.attempts.at(-1).execution : undefined,
			fault: faultAt(ctx.faults, whenOf(execution)),
			...(retry ? { retriedBy: { id: retry.id, status: retry.status } } : {}),
		};
		entry.crashed = !execution.retryOf && isCrash(execution, entry.message);
		errors.push(entry);
		const served = !webhookFlows.has(execution.workflowId) || Boolean(entry.callAnsweredBy);
		if (!entry.fault) unaccounted.push({ ...base, why: `failed outside every fault: ${entry.message || '(no message)'}` });
		else if (entry.crashed && !(retry && served)) unaccounted.push({ ...base, why: retry ? 'crashed; its call was never answered' : 'crashed and not retried' });
		else if (!entry.crashed && !execution.retryOf && !entry.message) unaccounted.push({ ...base, why: 'failed without a message' });
		else if (!entry.crashed && !served) unaccounted.push({ ...base, why: `failed and its call was never answered: ${entry.message}` });
	}

	// ---- payments and the weekly converts ----
	const toBot = sims.mixin.paymentsTo(stack.EXINONE_BOT_ID);
	const byRequest = countBy(sims.mixin.payments, (p) => p.requestId);
	const weeks = [...new Set(ctx.weekly.map((w) => w.week))].map((week) => {
		const requestId = ids.weeklyRequestId(week);
		const fires = ctx.weekly.filter((w) => w.week === week).map((w) => {
			const record = calls.find((c) => c.id === w.callId);
			return { kind: w.kind, step: w.step, call: w.callId, n8nWeek: w.n8nWeek, answered: record?.answered, alreadySent: record?.answer?.alreadySent, attempts: record ? record.attempts.length : 0 };
		});
		const orders = sims.exinone.state.orders.filter((o) => o.payTraceId === requestId);
		return { week, requestId, payments: toBot.filter((p) => p.requestId === requestId).length, orders: orders.map((o) => `${o.id} ${o.orderStatus}/${o.refundStatus}`), fires };
	});
	const weekIds = new Set(weeks.map((w) => w.requestId));
	const payments = {
		ledger: sims.mixin.payments.length,
		toExinOne: toBot.length,
		doublePayments: Object.values(byRequest).reduce((sum, n) => sum + Math.max(0, n - 1), 0),
		paymentsOfNoWeek: toBot.filter((p) => !weekIds.has(p.requestId)).map((p) => p.requestId),
		weeksConverted: weeks.filter((w) => w.payments === 1).length,
		weeksLost: weeks.filter((w) => w.payments === 0).map((w) => w.week),
		weeksPaidTwice: weeks.filter((w) => w.payments > 1).map((w) => w.week),
		weeks,
	};

	// ---- mints per call ----
	const appState = sims.rainbow.appState(identities.rainbowApp.appId);
	const soakMints = appState.mints.filter((m) => String(m.token_uri).startsWith('https://meta.soak.test/'));
	const mintOf = (m) => /\/([^/#]+)\.json#(.*)$/.exec(m.token_uri) || [];
	const mintsPerCall = countBy(soakMints, (m) => mintOf(m)[1]);
	const mintedBy = (call) => soakMints.filter((m) => mintOf(m)[1] === call).map((m) => `execution ${mintOf(m)[2]}${executions.find((e) => String(e.id) === mintOf(m)[2])?.retryOf ? ` (n8n's retry of ${executions.find((e) => String(e.id) === mintOf(m)[2]).retryOf})` : ''}`);
	const mintCalls = calls.filter((c) => c.kind === 'mint');
	const mints = {
		calls: mintCalls.length,
		mints: soakMints.length,
		callsWithoutMint: mintCalls.filter((c) => !mintsPerCall[c.id]).map((c) => ({ call: c.id, answered: c.answered, attempts: attemptsOf(c) })),
		callsMintedTwice: mintCalls
			.filter((c) => mintsPerCall[c.id] > 1)
			.map((c) => ({ call: c.id, mints: mintsPerCall[c.id], mintedBy: mintedBy(c.id), attempts: attemptsOf(c) })),
		mintsOfNoCall: Object.keys(mintsPerCall).filter((id) => !mintCalls.some((c) => c.id === id)),
	};

	// ---- triggers: each ended record emitted once, none missed ----
	// An emission is a poll's: a trigger execution's items (or, when a crash replaced its data, those of
	// n8n's retry of it). n8n hides the items of an execution it started while it could not read its
	// database (redacted, "dynamic_credentials", for every user): such records are told by the trigger's
	// own state (the ids it emitted, kept in the workflow's static data) and set against those
	// executions. An emission whose execution n8n could not create (its database unreachable) must be
	// emitted again: the trigger logs that it released it, and a later execution carries its records;
	// none may be left uncarried (lostByN8n).
	const ended = ctx.records.ended(identities.bot.appId);
	const mainLog = fs.existsSync(logFiles[0]) ? fs.readFileSync(logFiles[0], 'utf8') : '';
	const endedAt = {
		rainbow: (id) => Date.parse(appState.mints.find((m) => String(m.id) === id)?.updated_at),
		exinone: (id) => 1000 * Number(sims.exinone.state.orders.find((o) => String(o.id) === id)?.updatedAt),
	};
	const triggers = {};
	for (const [name, workflowKey] of [['rainbow', 'rainbowTrigger'], ['exinone', 'exinoneTrigger']]) {
		const own = executions.filter((e) => e.workflowId === workflowIds[workflowKey]);
		const carried = [];
		const redacted = [];
		const withoutItems = [];
		const failedPolls = [];
		for (const execution of own.filter((e) => !e.retryOf)) {
			const { run } = details.get(String(execution.id));
			if (isFailedPoll(run, TRIGGER_NODES[name])) {
				failedPolls.push({ id: execution.id, message: errorOf(run)?.message, fault: faultAt(ctx.faults, whenOf(execution)) });
				continue;
			}
			const retry = own.find((e) => String(e.retryOf) === String(execution.id));
			const readable = (items) => items && items.every((item) => item.id !== undefined);
			const ownItems = triggerItems(details.get(String(execution.id)).run, TRIGGER_NODES[name]);
			const retryItems = retry ? triggerItems(details.get(String(retry.id)).run, TRIGGER_NODES[name]) : undefined;
			const items = readable(ownItems) ? ownItems : readable(retryItems) ? retryItems : (ownItems ?? retryItems);
			const hidden = (items || []).filter((item) => item.id === undefined);
			if (hidden.length) redacted.push({ id: execution.id, status: execution.status, ...(retry ? { retry: `${retry.id} ${retry.status}` } : {}), items: hidden.length, fault: faultAt(ctx.faults, whenOf(execution)) });
			if (items) carried.push(...items.filter((item) => item.id !== undefined).map((item) => String(item.id)));
			else withoutItems.push({ id: execution.id, status: execution.status, message: errorOf(details.get(String(execution.id)).run)?.message, fault: faultAt(ctx.faults, whenOf(execution)) });
		}
		const state = await triggerState(control, workflowIds[workflowKey], TRIGGER_NODES[name]);
		// an emission while the database was unreachable: n8n logs that it could not save the trigger's state,
		// and the trigger that it released the records as n8n could not start their execution
		const emissionsWithoutDatabase = mainLog.split(`There was a problem saving the workflow with id "${workflowIds[workflowKey]}"`).length - 1;
		const emissionsReleased = mainLog.split(`${TRIGGER_NODES[name]}: n8n could not start the execution of`).length - 1;
		const stateEmitted = (state?.emitted || []).map(String);
		const history = new Set(ctx.baseline[name]);
		const expected = ended[name].filter((id) => !history.has(id));
		const carriedSet = new Set(carried);
		const expectedSet = new Set(expected);
		const uncarried = expected.filter((id) => !carriedSet.has(id));
		const emittedUnreadable = uncarried.filter((id) => stateEmitted.includes(id));
		const redactedItems = redacted.reduce((sum, e) => sum + e.items, 0);
		// the poll that emitted a record: the first answered after it ended; the fault it came in, if any
		const polls = ctx.polls[name].entries.filter((e) => e.status === 200);
		const emittedIn = (id) => {
			const at = endedAt[name](id);
			const poll = polls.find((e) => e.simAt >= at);
			return poll ? faultAt(ctx.faults, new Date(poll.realAt).toISOString(), 5000) || 'no fault' : 'no poll';
		};
		triggers[name] = {
			polls: ctx.polls[name].entries.length,
			pollsByProcess: countBy(ctx.polls[name].entries, (e) => e.origin),
			executions: countBy(own, (e) => `${e.mode}:${e.status}`),
			expected: expected.length,
			carried: carried.length,
			duplicates: [...duplicatesOf(carried), ...duplicatesOf(stateEmitted).map((d) => ({ ...d, in: "the trigger's state" }))],
			// ended, and never emitted by the trigger
			missed: uncarried.filter((id) => !stateEmitted.includes(id)),
			unexpected: [...carriedSet].filter((id) => !expectedSet.has(id)),
			// emitted by the trigger, in executions whose items n8n redacted, or emitted and carried by no execution
			inRedactedExecutions: Math.min(redactedItems, emittedUnreadable.length),
			lostByN8n: Math.max(0, emittedUnreadable.length - redactedItems),
			// the records emitted and not readably carried, by the fault the emitting poll came in
			notCarriedEmittedDuring: countBy(emittedUnreadable, emittedIn),
			redactedExecutions: redacted,
			executionsWithoutItems: withoutItems,
			// polls that failed (n8n's error executions, which carry no records): the next poll emitted theirs
			failedPolls,
			emissionsWithoutDatabase,
			emissionsReleased,
			// more hidden items than records left to hide: some hidden item is a record carried twice (fails everyEmissionCarried)
			...(redactedItems > emittedUnreadable.length ? { redactedItemsBeyondUncarried: redactedItems - emittedUnreadable.length } : {}),
		};
	}

	// ---- renewals per service, per token life, per process ----
	const renewals = { exinone: renewalsOf('exinone', ctx.renewals.exinone), rainbow: renewalsOf('rainbow', ctx.renewals.rainbow) };

	// ---- memory ----
	const memory = { samples: { day2: ctx.memory.day2, end: ctx.memory.end }, processes: memoryReport(ctx.memory), heapAfterGc: 'process.memoryUsage().heapUsed right after a full GC, run in each process by the probe preload (scripts/soak/probe.js)' };

	// ---- secrets in every log ----
	const sources = [
		...logFiles.map((file) => ({ source: file.replace(/^.*\/(n8n-[^/]+\.log)$/, (m, base) => `${file.includes('n8n-start') ? 'main' : 'worker'} ${base}`), text: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null })),
		{ source: 'soak process output (simulators, n8n-local, driver)', text: capturedOutput() },
		{ source: 'execution data (REST)', text: [...details.values()].map((d) => d.text).join('\n') },
	];
	const secrets = {
		looked: identities.secrets.length,
		sources: sources.map(({ source, text }) => ({ source, bytes: text === null ? null : text.length, found: text === null ? null : countSecrets(text, identities.secrets) })),
	};
	secrets.found = secrets.sources.reduce((sum, s) => sum + (s.found || 0), 0);

	// ---- calls ----
	const callsReport = {
		total: calls.length,
		byKind: countBy(calls, (c) => c.kind),
		attempts: calls.reduce((sum, c) => sum + c.attempts.length, 0),
		retried: calls.filter((c) => c.attempts.length > 1).map((c) => ({ call: c.id, step: c.step, answered: c.answered, attempts: attemptsOf(c) })),
		unanswered: calls.filter((c) => !c.answered).map((c) => ({ call: c.id, step: c.step, attempts: attemptsOf(c) })),
	};

	const crashed = errors.filter((e) => e.crashed);
	const checksReport = {
		everyCallAnswered: callsReport.unanswered.length === 0,
		everyExecutionAccounted: unaccounted.length === 0,
		everyCrashRetried: crashed.every((e) => e.retriedBy && (e.callAnsweredBy || !webhookFlows.has(workflowIds[e.workflow]))),
		// n8n's own retry of a crash: whether it ran the workflow again (reported; see README)
		noDoublePayment: payments.doublePayments === 0 && payments.paymentsOfNoWeek.length === 0 && payments.weeksPaidTwice.length === 0,
		everyWeekConvertedOnce: payments.weeksLost.length === 0 && payments.weeksConverted === weeks.length,
		noMintLost: mints.callsWithoutMint.length === 0 && mints.mintsOfNoCall.length === 0,
		noDuplicateTriggerEmission: Object.values(triggers).every((t) => t.duplicates.length === 0),
		noRecordMissedByTrigger: Object.values(triggers).every((t) => t.missed.length === 0 && t.unexpected.length === 0),
		// every record the trigger emitted is carried by an execution: readably, or in one whose items n8n
		// redacted during a fault (and no more hidden items than such records)
		everyEmissionCarried: Object.values(triggers).every((t) => t.lostByN8n === 0 && !t.redactedItemsBeyondUncarried && t.redactedExecutions.every((e) => e.fault)),
		atMostOneRenewalPerProcessPerTokenLife: Object.values(renewals).every((r) => r.maxPerProcessPerLife <= 1),
		noSecretInLogs: secrets.found === 0,
		everyFaultRan: ctx.faults.every((f) => !f.error),
	};

	return {
		days: ctx.days,
		steps: ctx.steps,
		stepHours: 6,
		simulated: { from: new Date(ctx.simFrom).toISOString(), to: new Date(ctx.simTo).toISOString() },
		ok: Object.values(checksReport).every(Boolean),
		checks: checksReport,
		calls: callsReport,
		executions: {
			total: executions.length,
			byWorkflow: Object.fromEntries(Object.entries(countBy(executions, (e) => workflowName[e.workflowId] || e.workflowId)).map(([name]) => [name, countBy(executions.filter((e) => (workflowName[e.workflowId] || e.workflowId) === name), (e) => `${e.mode}:${e.status}`)])),
			...(process.env.SOAK_DEBUG ? { list: executions.map((e) => `${e.id} ${workflowName[e.workflowId] || e.workflowId} ${e.mode} ${e.status} started ${e.startedAt} created ${e.createdAt} stopped ${e.stoppedAt} ${callOfRun(details.get(String(e.id)).run) || ''}${e.retryOf ? ` retryOf ${e.retryOf}` : ''}`) } : {}),
			failed: errors,
			crashed: crashed.map((e) => ({ id: e.id, workflow: e.workflow, status: e.status, fault: e.fault, call: e.call, callAnsweredBy: e.callAnsweredBy, n8nRetry: e.retriedBy })),
			retriedAtTheEnd: ctx.lateRetries,
			answersLost,
			unaccounted,
		},
		payments,
		mints,
		triggers,
		renewals,
		memory,
		faults: ctx.faults,
		secrets,
	};
}

module.exports = { account, tokenLives, isCrash };
