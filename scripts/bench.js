'use strict';
/**
 * Per-request costs of the auth core, on the compiled dist/ (run `npm run build` first):
 * - what `authenticate` adds to every request (deciding whether the stored token may be sent);
 * - signing a Mixin token with the keystore parsed once, against parsing it for every token.
 * Prints operations per second and the ratios, all measured in this one run.
 * Usage: node scripts/bench.js [seconds per case, default 1]
 */
const path = require('node:path');
const { randomBytes, randomUUID } = require('node:crypto');

const dist = path.join(__dirname, '..', 'dist', 'credentials');
const { MixinKeystoreApi } = require(path.join(dist, 'MixinKeystoreApi.credentials.js'));
const { RainbowApi } = require(path.join(dist, 'RainbowApi.credentials.js'));
const { parseKeystore, loadKeystore } = require(path.join(dist, 'common', 'keystore.js'));
const { signMixinToken } = require(path.join(dist, 'common', 'mixin-token.js'));
const { exinOneFingerprint, readExinOneSettings } = require(path.join(dist, 'common', 'exinone-auth.js'));
const { rainbowFingerprint, readRainbowSettings } = require(path.join(dist, 'common', 'rainbow-auth.js'));

const seconds = Number(process.argv[2] ?? 1);

async function rate(name, fn) {
	// Warm-up, then as many calls as fit in the time.
	for (let i = 0; i < 200; i++) await fn();
	let calls = 0;
	const start = process.hrtime.bigint();
	const end = start + BigInt(Math.round(seconds * 1e9));
	while (process.hrtime.bigint() < end) {
		for (let i = 0; i < 50; i++) await fn();
		calls += 50;
	}
	const perSecond = calls / (Number(process.hrtime.bigint() - start) / 1e9);
	console.log(`${name.padEnd(58)} ${Math.round(perSecond).toString().padStart(9)} /s  ${(1e6 / perSecond).toFixed(2).padStart(8)} µs`);
	return perSecond;
}

async function main() {
	const keystoreText = JSON.stringify({ app_id: randomUUID(), session_id: randomUUID(), session_private_key: randomBytes(32).toString('hex') });
	const mixinData = { keystore: keystoreText, baseUrl: 'https://app.eiduwejdk.com/api/v2', audience: '61103d28-3ac2-44a2-ae34-bd956070dab1' };
	mixinData.accessToken = 'eyJ.a.b';
	mixinData.tokenExpiresAt = Date.now() + 3600e3;
	mixinData.tokenFingerprint = exinOneFingerprint(readExinOneSettings(mixinData));
	const rainbowData = { appId: 'app', appSecret: randomBytes(16).toString('hex'), baseUrl: 'https://api.nftrainbow.cn' };
	rainbowData.accessToken = 'eyJ.a.b';
	rainbowData.tokenExpiresAt = Date.now() + 3600e3;
	rainbowData.tokenFingerprint = rainbowFingerprint(readRainbowSettings(rainbowData));

	const mixin = new MixinKeystoreApi();
	const rainbow = new RainbowApi();
	const request = () => ({ method: 'GET', url: 'https://example.invalid/x', headers: {} });
	const baseline = await rate('baseline: build request options only', async () => request());
	const mixinAuth = await rate('Mixin Keystore API authenticate (token check + header)', async () => mixin.authenticate(mixinData, request()));
	const rainbowAuth = await rate('Rainbow API authenticate (token check + header)', async () => rainbow.authenticate(rainbowData, request()));

	const keystore = loadKeystore(keystoreText);
	const cached = await rate('sign a Mixin token, keystore parsed once (what we do)', () => signMixinToken(keystore, { method: 'GET', uri: '/me' }));
	const reparsed = await rate('sign a Mixin token, keystore parsed every time', () => signMixinToken(parseKeystore(keystoreText), { method: 'GET', uri: '/me' }));

	console.log('');
	console.log(`authenticate overhead per request: Mixin ${(1e6 / mixinAuth - 1e6 / baseline).toFixed(2)} µs, Rainbow ${(1e6 / rainbowAuth - 1e6 / baseline).toFixed(2)} µs`);
	console.log(`signing with the key parsed once is ${(cached / reparsed).toFixed(2)}× the rate of parsing per token`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
