'use strict';
/**
 * What the package costs where users feel it, as ratios (and counts) measured side by side in this one
 * run (A and B alternate, repetition by repetition, so a drift of the machine's speed hits both):
 * 1. our nodes' request path (token check, n8n-core's `httpRequestWithAuthentication`, retries, the
 *    answer read) against a bare `httpRequestWithAuthentication` with the same credential, both to the
 *    same local server, inside n8n-core's real ExecuteContext;
 * 2. loading the package on top of `n8n-workflow` against `n8n-workflow` alone, as whole processes;
 * 3. signing a Mixin token against the official Mixin Node SDK signing the same claims (a rate: higher
 *    is better);
 * and Mixin's, in scripts/bench-mixin.js (the node against the Mixin Safe simulator on 127.0.0.1):
 * 4. the requests one Transfer → Send makes (a count, goal ≤ 5);
 * 5. one Send Many of 100 items to 100 recipients against 100 executions of Send paying the same:
 *    the requests of each and their ratio (goal ≥ 20× fewer), and the wall time of each as a ratio;
 * 6. signing a Safe transaction with the spend key (`SpendKey.sign`) against the SDK's
 *    `signSafeTransaction` on the same transaction, views and key (same signed raw, checked first);
 * 7. the Mixin API credential's per-request token (`signRequest`, what its `authenticate` runs)
 *    against the SDK's `signAuthenticationToken` for the same request, and against node:crypto alone
 *    signing the same claims, the limit (rates; goal: within 2× of the limit, i.e. ≥ 0.5).
 * The load is measured on the built package (`npm run build` first); the rest on the same sources
 * bundled by the same esbuild settings, since the published bundle exports only the classes n8n loads.
 *
 * Usage: node scripts/bench.js [--reps N (≥ 3, default 5)] [--seconds S per measurement (default 0.5)]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const http = require('node:http');
const path = require('node:path');
const { randomBytes, randomUUID } = require('node:crypto');

const mixin = require('./bench-mixin');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? process.argv[index + 1] : fallback;
}

const reps = Math.max(3, Number(option('reps', 5)));
const seconds = Number(option('seconds', 0.5));
const root = path.join(__dirname, '..');

let bundled;

/** The internals the bench calls, bundled from the sources as the build bundles them (once). */
function internals() {
	if (bundled) return bundled;
	const outfile = path.join(root, 'node_modules', '.cache', 'bench', 'internals.js');
	const exports = {
		'./credentials/MixinApi.credentials': ['MixinApi'],
		'./credentials/MixinKeystoreApi.credentials': ['MixinKeystoreApi'],
		'./credentials/common/token-credential': ['resolveCredential'],
		'./credentials/exinone/exinone-service': ['exinOneService'],
		'./credentials/mixin/keystore': ['loadKeystore'],
		'./credentials/mixin/mixin-api': ['signRequest'],
		'./credentials/mixin/mixin-token': ['signMixinToken', 'mixinClaims'],
		'./credentials/mixin/spend-key': ['SpendKey'],
		'./mixin-safe': ['formatAmount', 'membersHash'],
		'./nodes/ExinOne/transport': ['exinOneRequest'],
		'./nodes/Mixin/Mixin.node': ['Mixin'],
		// The SDK's worked example (a transaction, its views, spend key and signed raw).
		'./test/mixin-safe/vectors': ['exampleTransaction', 'VIEWS', 'SPEND_KEY as VECTOR_SPEND_KEY', 'SIGNED_RAW'],
	};
	require('esbuild').buildSync({
		stdin: {
			contents: Object.entries(exports).map(([from, names]) => `export { ${names.join(', ')} } from '${from}';`).join('\n'),
			resolveDir: root,
			loader: 'ts',
		},
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		external: ['n8n-workflow'],
		outfile,
		logLevel: 'warning',
	});
	bundled = require(outfile);
	return bundled;
}

/** Calls per second of `fn` over about `seconds`, after a short warm-up. */
async function rate(fn, warmup = 50) {
	for (let i = 0; i < warmup; i++) await fn();
	let calls = 0;
	const start = process.hrtime.bigint();
	const end = start + BigInt(Math.round(seconds * 1e9));
	while (process.hrtime.bigint() < end) {
		for (let i = 0; i < 20; i++) await fn();
		calls += 20;
	}
	return calls / (Number(process.hrtime.bigint() - start) / 1e9);
}

function summary(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** One line: the median of `values` (ratios, or with `unit` '' counts), their range and an optional goal. */
function report(label, values, unit = '×', goal = '') {
	const { min, median, max } = summary(values);
	const f = (v) => (unit === '' ? `${Number.isInteger(v) ? v : v.toFixed(1)}` : `${v.toFixed(3)}${unit}`);
	console.log(`${label.padEnd(62)} median ${f(median)}  (min ${f(min)}, max ${f(max)}, ${values.length} reps${goal ? `; goal ${goal}` : ''})`);
}

/** A local API that answers every request at once with ExinOne's success envelope. */
async function startServer() {
	const body = JSON.stringify({ code: '0', success: true, message: '', data: { uuid: 'bench' }, timestampMs: 0 });
	const server = http.createServer((req, res) => {
		req.resume();
		req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
	});
	server.keepAliveTimeout = 60_000;
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, baseUrl: `http://127.0.0.1:${server.address().port}` };
}

/** A keystore and a valid stored token, as a credential holds them after its first login. */
function exinOneCredential(baseUrl, resolve) {
	const data = {
		keystore: JSON.stringify({ app_id: randomUUID(), session_id: randomUUID(), session_private_key: randomBytes(32).toString('hex') }),
		baseUrl,
		audience: '61103d28-3ac2-44a2-ae34-bd956070dab1',
		accessToken: 'eyJhbGciOiJIUzI1NiJ9.e30.bench',
		// The rate limit would pace both sides alike: measured here is the cost of the path itself.
		rateLimit: 0,
		tokenExpiresAt: Date.now() + 3600e3,
	};
	data.tokenFingerprint = resolve(data);
	return data;
}

async function requestPathRatios() {
	// n8n-core keeps its settings in a user folder: a throwaway one, not the user's ~/.n8n.
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-n8n-'));
	process.env.N8N_ENCRYPTION_KEY ??= 'bench-only-encryption-key';
	const { CredentialStore, createExecuteContext } = require('../test/support/n8n-context');
	const { MixinKeystoreApi, exinOneRequest, exinOneService, resolveCredential } = internals();
	const { server, baseUrl } = await startServer();
	const store = new CredentialStore();
	const data = exinOneCredential(baseUrl, (d) => resolveCredential(exinOneService, d).fingerprint);
	store.put({ id: 'cred-1', name: 'bench', type: 'mixinKeystoreApi', data });
	const context = createExecuteContext({
		store,
		credentialTypes: { mixinKeystoreApi: new MixinKeystoreApi() },
		credentials: { mixinKeystoreApi: 'cred-1' },
	});
	const ours = () => exinOneRequest(context, { method: 'GET', path: '/users/me' }, 0);
	const bare = () =>
		context.helpers.httpRequestWithAuthentication.call(context, 'mixinKeystoreApi', { method: 'GET', url: `${baseUrl}/users/me`, json: true });
	const ratios = [];
	for (let rep = 0; rep < reps; rep++) {
		// Alternate which goes first, so neither always meets a warmer machine.
		const [a, b] = rep % 2 ? [await rate(bare), await rate(ours)].reverse() : [await rate(ours), await rate(bare)];
		ratios.push(b / a); // time per call, ours / bare
	}
	server.close();
	fs.rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
	return ratios;
}

function processSeconds(code) {
	const start = process.hrtime.bigint();
	const result = spawnSync(process.execPath, ['-e', code], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
	if (result.status !== 0) throw new Error(`load failed: ${result.stderr}`);
	return Number(process.hrtime.bigint() - start) / 1e9;
}

function loadRatios() {
	const workflow = "require('n8n-workflow');";
	const withPackage = `${workflow} require(${JSON.stringify(root)});`;
	processSeconds(withPackage); // warm the file cache
	const ratios = [];
	for (let rep = 0; rep < reps; rep++) {
		const [a, b] = rep % 2 ? [processSeconds(workflow), processSeconds(withPackage)].reverse() : [processSeconds(withPackage), processSeconds(workflow)];
		ratios.push(a / b);
	}
	return ratios;
}

async function signingRatios() {
	const sdk = require('@mixin.dev/mixin-node-sdk');
	const { loadKeystore, signMixinToken, mixinClaims } = internals();
	const seed = randomBytes(32).toString('hex');
	const keystore = loadKeystore(JSON.stringify({ app_id: randomUUID(), session_id: randomUUID(), session_private_key: seed }));
	const request = { method: 'GET', uri: '/me', body: '' };
	const options = { audience: '61103d28-3ac2-44a2-ae34-bd956070dab1' };
	const ours = () => signMixinToken(keystore, request, options);
	const theirs = async () => sdk.signToken(mixinClaims(keystore, request, options), seed);
	const ratios = [];
	for (let rep = 0; rep < reps; rep++) {
		const [a, b] = rep % 2 ? [await rate(theirs), await rate(ours)].reverse() : [await rate(ours), await rate(theirs)];
		ratios.push(a / b);
	}
	return ratios;
}

async function main() {
	console.log(`package: ${root}  (${reps} repetitions, ${seconds} s per measurement)`);
	report('request path: our nodes / bare httpRequestWithAuthentication', await requestPathRatios());
	report('load: n8n-workflow + package / n8n-workflow alone', loadRatios());
	report('Mixin token signing rate: ours / official Mixin SDK', await signingRatios());
	const bench = { internals, rate, reps };
	const transfers = await mixin.transferMeasurements(bench);
	report('Mixin requests per Send', transfers.perSend, '', '≤ 5');
	report('Mixin requests, 100 payments: one Send Many', transfers.sendManyRequests, '');
	report('Mixin requests, 100 payments: 100 Sends', transfers.sendsRequests, '');
	report('Mixin requests, 100 payments: 100 Sends / one Send Many', transfers.requestRatios, '×', '≥ 20×');
	report('Mixin wall time, 100 payments: 100 Sends / one Send Many', transfers.timeRatios);
	report('Safe transaction signing rate: ours / official Mixin SDK', await mixin.transactionSigningRatios(bench));
	const tokens = await mixin.requestTokenRatios(bench);
	report('Mixin API request token rate: ours / official Mixin SDK', tokens.sdkRatios);
	report('Mixin API request token rate: ours / node:crypto alone', tokens.limitRatios, '×', '≥ 0.5');
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
