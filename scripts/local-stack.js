'use strict';
/**
 * The pieces the demo and the end-to-end tests share: build and pack the package as npm would publish
 * it, start the ExinOne/Mixin and Rainbow simulators, make a demo bot keystore and Rainbow app, and the
 * credentials and example workflows pointing at the simulators. Plain Node (20), node: built-ins only.
 */
const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startExinOneSimulator, startMixinSimulator, startRainbowSimulator } = require('../test/support/simulators');

const ROOT = path.join(__dirname, '..');
const EXAMPLES = path.join(ROOT, 'examples');

/** The ids the example workflows refer to; the demo imports credentials under them. */
const CREDENTIAL_IDS = { mixinKeystoreApi: 'ExinOneDemoCred1', rainbowApi: 'RainbowDemoCred1', mixinApi: 'MixinDemoCred001' };
/** The real services' bases, which the examples name and the demo points at the simulators instead. */
const REAL_BASES = { exinone: 'https://app.eiduwejdk.com/api/v2', rainbow: 'https://api.nftrainbow.cn', mixin: 'https://api.mixin.one' };
const EXINONE_BOT_ID = '61103d28-3ac2-44a2-ae34-bd956070dab1';

function log(message) {
	process.stdout.write(`[stack] ${message}\n`);
}

function npm(args, { timeoutMs = 180000 } = {}) {
	const result = childProcess.spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: timeoutMs,
		env: { ...process.env, npm_config_update_notifier: 'false' },
	});
	if (result.status !== 0) {
		const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
		throw new Error(`\`npm ${args.join(' ')}\` failed (exit ${result.status}${result.error ? `, ${result.error.message}` : ''}):\n${output}`);
	}
	return result.stdout;
}

/** The `file:` icons of the classes a built file exports, as n8n reads them. */
function iconsOf(builtFile) {
	const icons = [];
	for (const Class of Object.values(require(builtFile))) {
		const instance = new Class();
		const icon = instance.icon ?? instance.description?.icon;
		for (const variant of typeof icon === 'string' ? [icon] : [icon?.light, icon?.dark]) {
			if (typeof variant === 'string' && variant.startsWith('file:')) icons.push(variant.slice('file:'.length));
		}
	}
	return icons;
}

/** What n8n needs from the tarball, and what must never ship in it. */
function checkTarballFiles(files, manifest) {
	const required = ['package.json', 'README.md', 'LICENSE', 'index.js', 'dist/vendor/LICENSES.md', ...manifest.n8n.credentials, ...manifest.n8n.nodes];
	for (const node of manifest.n8n.nodes) required.push(node.replace(/\.js$/, '.json'));
	const missing = required.filter((file) => !files.includes(file));
	const forbidden = files.filter(
		(file) =>
			/\.ts$/.test(file) ||
			/^(test|scripts|examples|credentials|nodes|node_modules|docs|\.ci)\//.test(file) ||
			/(^|\/)\.env|keystore.*\.json$|\.tgz$|\.map$|tsconfig|eslint|jest\.config/i.test(file),
	);
	// Every `file:` icon a built class refers to must be in the tarball: n8n resolves it against the
	// folder of the class's file.
	for (const file of [...manifest.n8n.credentials, ...manifest.n8n.nodes]) {
		for (const icon of iconsOf(path.join(ROOT, file))) {
			const iconPath = path.posix.join(path.posix.dirname(file), icon);
			if (!files.includes(iconPath)) missing.push(iconPath);
		}
	}
	return { missing: [...new Set(missing)], forbidden };
}

/** `npm run build`, then `npm pack` into `outDir`; fails if the tarball lacks or carries what it should not. */
function buildAndPack(outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-pack-'))) {
	log('building the package (npm run build)');
	npm(['run', 'build', '--silent']);
	log('packing it as npm would publish it (npm pack)');
	const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', outDir, '--silent']));
	const files = packed.files.map((file) => file.path);
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const { missing, forbidden } = checkTarballFiles(files, manifest);
	if (missing.length || forbidden.length) {
		throw new Error(
			`The tarball is not what n8n should get.${missing.length ? `\nMissing: ${missing.join(', ')}` : ''}${forbidden.length ? `\nMust not ship: ${forbidden.join(', ')}` : ''}`,
		);
	}
	return { tarball: path.join(outDir, packed.filename), files, size: packed.size, name: manifest.name };
}

async function startSimulators(options = {}) {
	const exinone = await startExinOneSimulator({ port: options.exinonePort });
	const rainbow = await startRainbowSimulator({ port: options.rainbowPort });
	const mixin = await startMixinSimulator({ port: options.mixinPort });
	// ExinOne reads the payments to its bot; the orders they make settle (done) 2 s later in its clock,
	// as a conversion on the live service takes a moment.
	exinone.attachMixin(mixin, { autoSettle: options.autoSettleTransfers === false ? null : { outcome: 'done', afterMs: 2000 } });
	return {
		exinone,
		rainbow,
		mixin,
		/** The simulators' clocks (the services' time) move forward. */
		advance(ms) {
			exinone.clock.advance(ms);
			rainbow.clock.advance(ms);
			mixin.clock.advance(ms);
		},
		async close() {
			await Promise.allSettled([exinone.close(), rainbow.close(), mixin.close()]);
		},
	};
}

/** The Ed25519 public key (hex) of a 32-byte seed given in hex: a Safe spend key's public half. */
function ed25519PublicKeyHex(seedHex) {
	const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]);
	const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
	return Buffer.from(crypto.createPublicKey(key).export({ format: 'jwk' }).x, 'base64url').toString('hex');
}

/** Assets the demo bot holds on the Mixin simulator: USDT (ERC-20) and EPC. */
const DEMO_FUNDS = [
	{ assetId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', amount: '100', count: 3 },
	{ assetId: '44adc71b-0c37-3b42-aa19-fe2d59dae5fd', amount: '1', count: 2 },
];
/** A Mixin user the demo can pay. */
const DEMO_RECIPIENT = '0b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';

/**
 * A fresh Mixin bot session (keystore in the current dashboard's shape) registered with the ExinOne
 * simulator, and a Rainbow app registered with the Rainbow simulator. Secrets are listed so tests can
 * check they appear nowhere.
 */
function createDemoIdentities(sims) {
	const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
	const seed = privateKey.export({ format: 'jwk' }).d;
	const appId = crypto.randomUUID();
	const sessionId = crypto.randomUUID();
	const pin = String(crypto.randomInt(100000, 999999));
	const pinToken = crypto.randomBytes(32).toString('base64url');
	const spendKey = crypto.randomBytes(32).toString('hex');
	const seedHex = Buffer.from(seed, 'base64url').toString('hex');
	const keystore = JSON.stringify(
		{ app_id: appId, session_id: sessionId, server_public_key: crypto.randomBytes(32).toString('hex'), session_private_key: seedHex, spend_private_key: spendKey, pin, pin_token: pinToken },
		null,
		2,
	);
	sims.exinone.registerSession({ userId: appId, sessionId, publicKey, algorithm: 'EdDSA' });
	const rawPublic = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('hex');
	sims.mixin.addUser({ userId: appId, sessionId, sessionPublicKey: rawPublic, spendPublicKey: ed25519PublicKeyHex(spendKey) });
	sims.mixin.addUser({ userId: DEMO_RECIPIENT, fullName: 'Demo recipient' });
	for (const funds of DEMO_FUNDS) sims.mixin.deposit({ userId: appId, ...funds });
	const rainbowApp = { appId: `demo-${crypto.randomBytes(4).toString('hex')}`, appSecret: crypto.randomBytes(24).toString('base64url') };
	sims.rainbow.addApp(rainbowApp.appId, rainbowApp.appSecret);
	return { keystore, bot: { appId, sessionId }, rainbowApp, secrets: [seedHex, spendKey, pinToken, rainbowApp.appSecret] };
}

/**
 * The three credentials, as `n8n import:credentials` takes them (plain data is encrypted on import):
 * ExinOne's and Rainbow's, then the Mixin API one, with transfers allowed to the ExinOne bot and the
 * demo recipient only.
 */
function demoCredentials(sims, identities) {
	return [
		{
			id: CREDENTIAL_IDS.mixinKeystoreApi,
			name: 'ExinOne (Mixin keystore)',
			type: 'mixinKeystoreApi',
			data: { keystore: identities.keystore, baseUrl: sims.exinone.baseUrl, audience: EXINONE_BOT_ID, accessToken: '' },
		},
		{
			id: CREDENTIAL_IDS.rainbowApi,
			name: 'Rainbow app',
			type: 'rainbowApi',
			data: { ...identities.rainbowApp, baseUrl: sims.rainbow.baseUrl, accessToken: '' },
		},
		{
			id: CREDENTIAL_IDS.mixinApi,
			name: 'Mixin bot',
			type: 'mixinApi',
			data: {
				keystore: identities.keystore,
				baseUrl: sims.mixin.baseUrl,
				allowTransfers: true,
				allowedRecipients: `${EXINONE_BOT_ID}\n${DEMO_RECIPIENT}`,
				maxAmountPerTransfer: '',
				rateLimit: 10,
			},
		},
	];
}

/** The example workflows, with the real services' URLs pointed at the simulators. */
function loadExamples(sims) {
	return fs
		.readdirSync(EXAMPLES)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = fs
				.readFileSync(path.join(EXAMPLES, file), 'utf8')
				.split(REAL_BASES.exinone)
				.join(sims.exinone.baseUrl)
				.split(REAL_BASES.rainbow)
				.join(sims.rainbow.baseUrl)
				.split(REAL_BASES.mixin)
				.join(sims.mixin.baseUrl);
			return { file, workflow: JSON.parse(text) };
		});
}

module.exports = {
	ROOT,
	CREDENTIAL_IDS,
	REAL_BASES,
	DEMO_RECIPIENT,
	DEMO_FUNDS,
	EXINONE_BOT_ID,
	buildAndPack,
	checkTarballFiles,
	startSimulators,
	createDemoIdentities,
	demoCredentials,
	loadExamples,
};
