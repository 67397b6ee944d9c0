#!/usr/bin/env node
'use strict';
/**
 * Starts the simulators on 127.0.0.1 and prints ONE line of JSON when ready:
 *   {"exinone":{"url","baseUrl"},"rainbow":{"url","baseUrl"},"mixin":{"url","baseUrl"}}
 * Usage: node test/support/simulators/serve.js [--exinone-port N] [--rainbow-port N] [--mixin-port N] [--shared-clock]
 *        [--rainbow-app appId:appSecret]... [--login-format object|envelope|bare] [--refresh-mode sliding|fixed]
 *        [--exinone-error-status http|ok200] [--no-auto-settle]
 * Drive them over HTTP with the /__sim/* control endpoints (ExinOne: /__sim/orders, /__sim/orders/settle,
 * /__sim/transfers, /__sim/transfers/settle, /__sim/transfers/auto-settle (it reads the Mixin transfers to its bot);
 * Rainbow: /__sim/auto-settle, /__sim/tasks, /__sim/tasks/settle; Mixin: /__sim/mixin/users, /__sim/mixin/deposit,
 * /__sim/mixin/payments, /__sim/mixin/balance, besides the shared ones). Exits cleanly on SIGTERM/SIGINT.
 */
const { startExinOneSimulator } = require('./exinone');
const { startRainbowSimulator } = require('./rainbow');
const { startMixinSimulator } = require('./mixin');
const { createClock } = require('./clock');

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {{exinonePort: number, rainbowPort: number, mixinPort: number, sharedClock: boolean, autoSettle: boolean, apps: {appId: string, appSecret: string}[], loginFormat?: any, refreshMode?: any, errorStatus?: any}} */
	const o = { exinonePort: 0, rainbowPort: 0, mixinPort: 0, sharedClock: false, autoSettle: true, apps: [] };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${a} needs a value`);
			return v;
		};
		const port = () => {
			const n = Number(val());
			if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${a}: invalid port`);
			return n;
		};
		if (a === '--exinone-port') o.exinonePort = port();
		else if (a === '--rainbow-port') o.rainbowPort = port();
		else if (a === '--mixin-port') o.mixinPort = port();
		else if (a === '--shared-clock') o.sharedClock = true;
		else if (a === '--rainbow-app') {
			const v = val();
			const idx = v.indexOf(':');
			if (idx <= 0) throw new Error('--rainbow-app expects appId:appSecret');
			o.apps.push({ appId: v.slice(0, idx), appSecret: v.slice(idx + 1) });
		} else if (a === '--login-format') o.loginFormat = val();
		else if (a === '--refresh-mode') o.refreshMode = val();
		else if (a === '--exinone-error-status') o.errorStatus = val();
		else if (a === '--no-auto-settle') o.autoSettle = false;
		else throw new Error(`unknown argument ${a}`);
	}
	return o;
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const clock = o.sharedClock ? createClock() : undefined;
	const exinone = await startExinOneSimulator({ port: o.exinonePort, clock, errorStatus: o.errorStatus });
	let rainbow, mixin;
	try {
		rainbow = await startRainbowSimulator({ port: o.rainbowPort, clock, apps: o.apps, loginFormat: o.loginFormat, refreshMode: o.refreshMode, autoSettle: o.autoSettle });
		mixin = await startMixinSimulator({ port: o.mixinPort, clock });
		// ExinOne reads the transfers made to its bot; with auto-settle its convert orders settle 2 s later
		exinone.attachMixin(mixin, { autoSettle: o.autoSettle ? { outcome: 'done', afterMs: 2000 } : null });
	} catch (e) {
		await Promise.allSettled([exinone.close(), rainbow && rainbow.close()]);
		throw e;
	}
	let closing = false;
	const shutdown = async () => {
		if (closing) return;
		closing = true;
		await Promise.allSettled([exinone.close(), /** @type {any} */ (rainbow).close(), /** @type {any} */ (mixin).close()]);
		process.exit(0);
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);
	process.stdout.write(
		JSON.stringify({
			exinone: { url: exinone.url, baseUrl: exinone.baseUrl },
			rainbow: { url: rainbow.url, baseUrl: rainbow.baseUrl },
			mixin: { url: mixin.url, baseUrl: mixin.baseUrl },
		}) + '\n',
	);
}

main().catch((e) => {
	process.stderr.write(`simulators failed to start: ${e && e.message}\n`);
	process.exit(1);
});
