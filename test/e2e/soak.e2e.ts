/**
 * The soak, 7 simulated days (`npm run test:soak`; the month is `npm run soak`): n8n in queue mode
 * (main + 2 workers on Redis and PostgreSQL) with the simulators and the soak's workflows, through
 * every fault of scripts/soak/faults.js, the worker killed between the weekly convert's transaction
 * request and its submission included. scripts/soak.js runs in a child process of its own (its
 * processes are tracked there, and its exit handlers run); this suite asserts its report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nLocal = require('../../scripts/n8n-local');

type Json = Record<string, any>;
const DAYS = 7;
/** The run takes about 8 minutes on 2 cores; past this it is stopped. */
const RUN_LIMIT_MS = 14 * 60 * 1000;
/** Memory over 5 days: a worker's RSS at day 7 within 25 % of day 2 (the month's goal is 10 %). */
const RSS_BOUND = 1.25;
const FAULTS = [
	'kill-worker-during-transfer',
	'kill-worker-during-read',
	'restart-main-between-polls',
	'restart-redis',
	'restart-postgres',
	'mixin-down',
	'exinone-down',
	'rainbow-down',
	'clock-back',
	'clock-forward',
];

// the other end-to-end configs match every *.e2e.ts: this suite runs under jest.soak.config.js only
const inSoakSuite = (globalThis as Json).SOAK_SUITE === true;
const soakTest = inSoakSuite ? test : test.skip;

let report: Json;
let runMs = 0;

function say(line: string) {
	process.stdout.write(`[soak test] ${line}\n`);
}

beforeAll(async () => {
	if (!inSoakSuite) return;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-e2e-'));
	const file = path.join(dir, 'report.json');
	// the last run's report stays here for a look after a failure
	const kept = path.join(os.tmpdir(), 'n8n-nodes-exinone-rainbow-soak-report.json');
	const started = Date.now();
	try {
		const result = await n8nLocal.run(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'soak.js'), '--days', String(DAYS), '--report', file], {
			cwd: path.join(__dirname, '..', '..'),
			env: process.env,
			timeoutMs: RUN_LIMIT_MS,
			// progress (stderr) as it comes; the report (stdout) is read from the file
			onLine: (line: string) => {
				if (line.startsWith('[soak')) say(line);
			},
		});
		runMs = Date.now() - started;
		if (!fs.existsSync(file)) throw new Error(`the soak wrote no report (exit ${result.code}${result.timedOut ? ', timed out' : ''}):\n${result.output.split('\n').slice(-60).join('\n')}`);
		report = JSON.parse(fs.readFileSync(file, 'utf8'));
		fs.copyFileSync(file, kept);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
	say(`${DAYS} simulated days in ${(runMs / 1000).toFixed(0)} s: ${report.calls.total} calls, ${report.executions.total} executions, ${report.faults.length} faults; checks ${JSON.stringify(report.checks)}; report in ${kept}`);
}, RUN_LIMIT_MS + 60000);

soakTest('every fault ran, each once, at its moment', () => {
	expect(report.faults.map((f: Json) => f.name).sort()).toEqual([...FAULTS].sort());
	expect(report.faults.filter((f: Json) => f.error).map((f: Json) => `${f.name}: ${f.error}`)).toEqual([]);
	expect(report.checks.everyFaultRan).toBe(true);
});

soakTest('a worker killed between the transaction request and its submission: the retried run pays once', () => {
	const kill = report.faults.find((f: Json) => f.name === 'kill-worker-during-transfer').detail;
	say(`transfer kill: ${JSON.stringify(kill).slice(0, 600)}`);
	// killed while Mixin held the request, before any submission
	expect(kill).toEqual(expect.objectContaining({ signal: 'SIGKILL', requestStateAtKill: 'unspent', submitsAtKill: 0, payments: 1 }));
	expect(kill.requestId).toBe(kill.expectedRequestId);
	// the caller's retry after the crash made the one payment
	expect(kill.caller.answered).toBe(true);
	expect(kill.caller.attempts.length).toBeGreaterThan(1);
	// the crashed execution was retried through n8n's REST API, as a user would
	expect(kill.crashed.some((c: Json) => c.workflow === 'weekly' && c.n8nRetry?.id)).toBe(true);
});

soakTest('every webhook call answered, retried by its caller where a fault failed it', () => {
	expect(report.calls.unanswered).toEqual([]);
	expect(report.calls.total).toBeGreaterThanOrEqual(DAYS * 4 * 3);
	expect(report.checks.everyCallAnswered).toBe(true);
});

soakTest('every execution n8n started accounted for: success, an error with a clear message, or crashed and retried', () => {
	expect(report.executions.unaccounted).toEqual([]);
	for (const failed of report.executions.failed.filter((f: Json) => !f.crashed && !f.retryOf)) {
		expect({ id: failed.id, message: failed.message }).toEqual({ id: failed.id, message: expect.stringMatching(/\w{3,}.{10,}/) });
	}
	expect(report.checks.everyExecutionAccounted).toBe(true);
	expect(report.checks.everyCrashRetried).toBe(true);
});

soakTest('0 double payments, 0 lost weekly converts', () => {
	expect(report.payments.doublePayments).toBe(0);
	expect(report.payments.paymentsOfNoWeek).toEqual([]);
	expect(report.payments.weeksLost).toEqual([]);
	expect(report.payments.weeksPaidTwice).toEqual([]);
	expect(report.payments.weeks.length).toBeGreaterThanOrEqual(1);
	for (const week of report.payments.weeks) expect({ week: week.week, payments: week.payments }).toEqual({ week: week.week, payments: 1 });
	// the re-runs of a week that was paid paid nothing
	const reruns = report.payments.weeks.flatMap((w: Json) => w.fires.filter((f: Json) => f.kind === 'rerun'));
	expect(reruns.length).toBeGreaterThanOrEqual(1);
	for (const rerun of reruns) expect(rerun).toEqual(expect.objectContaining({ answered: true, alreadySent: true }));
});

soakTest('every mint call minted; a call minted twice only where it was sent again after a lost answer', () => {
	expect(report.mints.callsWithoutMint).toEqual([]);
	expect(report.mints.mintsOfNoCall).toEqual([]);
	for (const twice of report.mints.callsMintedTwice) expect(twice.attempts.length + twice.mintedBy.filter((m: string) => m.includes("n8n's retry")).length).toBeGreaterThan(1);
	if (report.mints.callsMintedTwice.length) say(`mints made twice (Rainbow has no idempotency key): ${JSON.stringify(report.mints.callsMintedTwice)}`);
});

soakTest('the triggers: every record that ended emitted once, none missed, none dropped when n8n could not start an execution', () => {
	for (const name of ['rainbow', 'exinone']) {
		const trigger = report.triggers[name];
		say(
			`${name} trigger: ${trigger.expected} records ended, ${trigger.carried} carried by executions, ${trigger.inRedactedExecutions} in executions n8n redacted, ` +
				`${trigger.lostByN8n} emitted and carried by none (by the fault of the emitting poll: ${JSON.stringify(trigger.notCarriedEmittedDuring)}); ` +
				`${trigger.emissionsReleased} emissions n8n could not start, emitted again`,
		);
		if (trigger.redactedExecutions.length || trigger.executionsWithoutItems.length) say(`${name} trigger: ${JSON.stringify(trigger)}`);
		expect({ name, duplicates: trigger.duplicates, missed: trigger.missed, unexpected: trigger.unexpected, lostByN8n: trigger.lostByN8n }).toEqual({
			name,
			duplicates: [],
			missed: [],
			unexpected: [],
			lostByN8n: 0,
		});
		expect(trigger.expected).toBeGreaterThan(0);
		expect(trigger.carried + trigger.inRedactedExecutions).toBe(trigger.expected);
	}
	// what n8n hid came in executions it started during a fault, and no more than the records uncarried
	expect(report.checks.everyEmissionCarried).toBe(true);
	// PostgreSQL refused new executions as both triggers ended a poll with records: n8n could not start
	// their execution, and each trigger emitted those records again (counted above as carried, once)
	for (const name of ['rainbow', 'exinone']) expect({ name, released: report.triggers[name].emissionsReleased > 0 }).toEqual({ name, released: true });
});

soakTest('logins and renewals: at most one per process per token life', () => {
	for (const name of ['exinone', 'rainbow']) {
		const renewals = report.renewals[name];
		say(`${name}: ${renewals.renewals} renewals over ${renewals.tokenLives} token lives, by process ${JSON.stringify(renewals.byProcess)}; refused ${JSON.stringify(renewals.refusedAttempts)}`);
		expect(renewals.livesWithMoreThanOnePerProcess).toEqual([]);
		expect(renewals.maxPerProcessPerLife).toBe(1);
		expect(renewals.unknownOrigin).toBe(0);
	}
});

soakTest(`memory: each worker's RSS at day ${DAYS} within ${RSS_BOUND}× its day 2`, () => {
	const workers = report.memory.processes.filter((p: Json) => p.process.startsWith('worker-'));
	expect(workers).toHaveLength(2);
	for (const worker of workers) {
		say(`${worker.names}: RSS ${worker.day2.rssMb} → ${worker.end.rssMb} MB (×${worker.rssRatio}), heap after GC ${worker.day2.heapAfterGcMb} → ${worker.end.heapAfterGcMb} MB`);
		expect(worker.sameProcess).toBe(true);
		expect(worker.rssRatio).toBeLessThanOrEqual(RSS_BOUND);
		expect(worker.end.heapAfterGcMb).toBeGreaterThan(0);
	}
});

soakTest('0 secrets in the logs of n8n, the workers and the simulators', () => {
	expect(report.secrets.looked).toBeGreaterThanOrEqual(4);
	const sources = report.secrets.sources.map((s: Json) => [s.source, s.found]);
	expect(sources.filter(([, found]: [string, number | null]) => found === null)).toEqual([]);
	expect(report.secrets.found).toBe(0);
});
