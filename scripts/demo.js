'use strict';
/**
 * `npm run demo`: a real n8n 2.41.1 with this package installed the way Community Nodes installs it,
 * the ExinOne/Mixin and Rainbow simulators, demo credentials and the example workflows — ready in the
 * editor. `npm run demo -- --once` runs every example headless instead and prints what it did.
 * Everything listens on 127.0.0.1 and is stopped on exit (Ctrl-C), also on failure.
 */
const n8nLocal = require('./n8n-local');
const stack = require('./local-stack');

function arg(name) {
	const index = process.argv.indexOf(name);
	return index === -1 ? undefined : (process.argv[index + 1] ?? '');
}

function say(message) {
	process.stdout.write(`[demo] ${message}\n`);
}

/**
 * An example started by one of the package's polling triggers: `n8n execute` cannot run it (it does
 * not poll, and refuses a workflow without a manual trigger), so it is shown in the editor only.
 */
function isPollingExample(workflow) {
	return workflow.nodes.some((node) => /^n8n-nodes-exinone-rainbow\.\w+Trigger$/.test(node.type));
}

/** One line per node of a run: items out, or the error. */
function summarizeRun(run) {
	const runData = run?.data?.resultData?.runData ?? {};
	return Object.entries(runData).map(([node, runs]) => {
		const task = runs[0];
		if (task?.error) return `    ${node}: ERROR ${task.error.message}`;
		const items = task?.data?.main?.[0] ?? [];
		const first = items[0]?.json ?? {};
		const keys = Object.keys(first).slice(0, 5).join(', ');
		return `    ${node}: ${items.length} item${items.length === 1 ? '' : 's'}${keys ? ` {${keys}${Object.keys(first).length > 5 ? ', …' : ''}}` : ''}`;
	});
}

async function main() {
	const once = process.argv.includes('--once');
	const port = Number(arg('--port') || process.env.N8N_DEMO_PORT || 5678);
	let sims;
	let instance;
	const stopAll = async () => {
		if (instance) await instance.stop().catch(() => undefined);
		if (sims) await sims.close();
	};
	process.once('SIGINT', () => stopAll().then(() => process.exit(130)));
	process.once('SIGTERM', () => stopAll().then(() => process.exit(143)));
	try {
		say('1/6 n8n 2.41.1 and Node 24 (installed once into a cache, reused afterwards)');
		await n8nLocal.provision();
		say('2/6 build and pack the package');
		const { tarball, size } = stack.buildAndPack();
		say(`    ${tarball} (${Math.round(size / 1024)} kB)`);
		say('3/6 start the ExinOne, Mixin and Rainbow simulators');
		sims = await stack.startSimulators();
		say(`    ExinOne ${sims.exinone.baseUrl}   Rainbow ${sims.rainbow.baseUrl}   Mixin ${sims.mixin.baseUrl}`);
		const identities = stack.createDemoIdentities(sims);
		say('4/6 install the package into a fresh n8n user folder, as Community Nodes does');
		instance = n8nLocal.createInstance();
		await instance.installPackageTarball(tarball);
		say('5/6 import the demo credentials and the example workflows');
		await instance.importCredentials(stack.demoCredentials(sims, identities));
		const examples = stack.loadExamples(sims);
		for (const { workflow } of examples) await instance.importWorkflow(workflow);
		say(`    ${examples.length} workflows: ${examples.map((e) => e.workflow.name).join(' | ')}`);

		if (once) {
			say('6/6 run every example once, headless (n8n execute)');
			let failed = 0;
			const polled = examples.filter(({ workflow }) => isPollingExample(workflow));
			for (const { workflow } of examples) {
				if (isPollingExample(workflow)) {
					say(`  skip ${workflow.name} (a polling trigger: it runs once the workflow is activated; npm run test:e2e activates it)`);
					continue;
				}
				const result = await instance.execute(workflow.id);
				const ok = result.code === 0 && !result.run?.data?.resultData?.error;
				if (!ok) failed++;
				say(`  ${ok ? 'ok  ' : 'FAIL'} ${workflow.name} (${(result.ms / 1000).toFixed(1)} s)`);
				for (const line of summarizeRun(result.run)) say(line);
				if (!result.run) say(`    (no run data; n8n said: ${result.stderr.trim().split('\n').slice(-3).join(' / ')})`);
			}
			const count = (sim, method, path) => sim.count(method, path);
			say(
				`simulators: ExinOne logins ${count(sims.exinone, 'POST', '/api/v2/mixin/me')}, ` +
					`Rainbow logins ${count(sims.rainbow, 'POST', '/v1/login')}, refreshes ${count(sims.rainbow, 'GET', '/v1/refresh_token')} ` +
					`(the explicit Login/Refresh examples add one each; everything else shared the stored tokens)`,
			);
			for (const event of sims.exinone.transferEvents.filter((e) => e.kind === 'convert')) {
				const order = sims.exinone.state.orders.find((o) => o.payTraceId === event.payTraceId);
				say(
					`ExinOne order ${order.id} paid by Mixin transfer ${event.payTraceId}: ${order.payAmount} ${order.payAssetSymbol} → ` +
						`${order.receiveAmount ?? '…'} ${order.receiveAssetSymbol}, ${order.orderStatus}${order.refundStatus === 'done' ? ' (refunded)' : ''}`,
				);
			}
			const mixinPayments = sims.mixin.payments.length;
			say(`Mixin: ${mixinPayments} payment${mixinPayments === 1 ? '' : 's'} recorded by the simulator (one per request ID)`);
			const ran = examples.length - polled.length;
			say(failed === 0 ? `all ${ran} examples succeeded (${polled.length} polling-trigger examples are for the editor)` : `${failed} of ${ran} examples failed`);
			await stopAll();
			process.exit(failed === 0 ? 0 : 1);
		}

		say('6/6 start the n8n editor');
		const url = await instance.start({ port });
		await instance.rest.ensureOwner();
		const owner = n8nLocal.DEFAULT_OWNER;
		say('');
		say(`n8n is running: ${url}`);
		say(`log in as ${owner.email} / ${owner.password}`);
		say('Open a workflow and press "Execute workflow" (on a trigger example: "Fetch test event", or activate it).');
		say('The credentials point at the local simulators;');
		say('to use the real services, edit the credentials (Base URL, keystore, app secret) in the editor.');
		say('Ctrl-C stops n8n and the simulators.');
		await new Promise(() => undefined);
	} catch (error) {
		process.stderr.write(`[demo] failed: ${error.message}\n`);
		await stopAll();
		process.exit(1);
	}
}

main();
