#!/usr/bin/env node
'use strict';
/**
 * The soak: a month (or `--days N`) unattended in queue mode, through crashes and outages.
 *
 *   node scripts/soak.js [--days 30] [--report report.json]
 *
 * n8n 2.41.1 as main + 2 workers on Redis and PostgreSQL (as `npm run test:queue` starts them), the
 * packed package on every process, the simulators of ExinOne, Mixin and Rainbow, and the soak's
 * workflows (scripts/soak/workflows.js), through simulated days in steps of 6 h with the faults of
 * scripts/soak/faults.js. The JSON report (scripts/soak/accounting.js) is printed at the end and
 * written to --report; the exit code is 0 only when every check of the report holds.
 * Modules: run.js (the run), calls.js, caller.js (the webhook callers), cluster.js (the n8n
 * processes and the clock), services-restart.js, origins.js (who sent a request), probe.js (memory
 * preload), executions.js (n8n's REST), ids.js (weeks, request IDs), log.js.
 * For work on the soak itself: SOAK_FAULTS=name,… runs only those faults, SOAK_KEEP_LOGS=dir keeps
 * n8n's logs, SOAK_DEBUG=1 lists every execution in the report.
 */
const fs = require('node:fs');
const path = require('node:path');

const { runSoak } = require('./soak/run');

function parseArgs(argv) {
	const options = { days: 30, report: null };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = inline ?? argv[++i];
		if (flag === '--days') options.days = Number(value);
		else if (flag === '--report') options.report = path.resolve(value);
		else throw new Error(`unknown option ${argv[i]} (use --days N, --report FILE)`);
	}
	if (!Number.isInteger(options.days) || options.days < 3 || options.days > 60) throw new Error('--days must be a whole number from 3 to 60');
	return options;
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const report = await runSoak({ days: options.days });
	const text = JSON.stringify(report, null, 2);
	if (options.report) fs.writeFileSync(options.report, `${text}\n`);
	process.stdout.write(`${text}\n`);
	process.stderr.write(`[soak] ${report.ok ? 'every check holds' : `failed checks: ${Object.entries(report.checks).filter(([, ok]) => !ok).map(([name]) => name).join(', ')}`}; wall time ${report.timings.wallS} s\n`);
	process.exitCode = report.ok ? 0 : 1;
	// nothing of the run should keep this process alive; should something, the report is out anyway
	setTimeout(() => process.exit(), 5000).unref();
}

main().catch((error) => {
	process.stderr.write(`[soak] ${error.stack || error.message}\n`);
	process.exitCode = 2;
	setTimeout(() => process.exit(), 5000).unref();
});
