'use strict';
/**
 * The Mixin part of `npm run bench` (scripts/bench.js, whose header lists what is measured): the
 * Mixin node's Send and Send Many against the Mixin Safe simulator (requests counted there, wall time
 * side by side), a Safe transaction's signature, and the Mixin API credential's per-request token,
 * each against the official Mixin Node SDK doing the same. The bench's helpers are passed in
 * (`internals`, `rate`, `reps`), so that this file has no state of its own.
 */
const { createHash, createPrivateKey, createPublicKey, randomBytes, randomUUID, sign, verify } = require('node:crypto');

const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const RECIPIENTS = 100;
const AMOUNT = '0.001';
const PKCS8_ED25519_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 session: its seed, node:crypto KeyObjects and the public key in hex. */
function ed25519Session(seed = randomBytes(32)) {
	const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
	const publicKey = createPublicKey(privateKey);
	const publicHex = Buffer.from(String(publicKey.export({ format: 'jwk' }).x), 'base64url').toString('hex');
	return { appId: randomUUID(), sessionId: randomUUID(), seedHex: seed.toString('hex'), privateKey, publicKey, publicHex };
}

const jwtPart = (token, index) => JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));

/** The JWS verifies against the session's public key (Ed25519). */
function verifies(token, publicKey) {
	const [header, claims, signature] = token.split('.');
	return verify(null, Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, 'base64url'));
}

function fail(message) {
	throw new Error(`bench: ${message}`);
}

/**
 * The Mixin node against the Mixin Safe simulator (127.0.0.1), each repetition on fresh outputs:
 * one Send (its requests counted), then one Send Many of RECIPIENTS items and RECIPIENTS executions
 * of Send paying the same, in alternating order (requests counted, wall time of each).
 */
async function transferMeasurements({ internals, reps }) {
	const { Mixin, MixinApi, SpendKey } = internals();
	const { CredentialStore, createExecuteContext } = require('../test/support/n8n-context');
	const { startMixinSimulator } = require('../test/support/simulators');
	const bot = ed25519Session();
	const spendKey = randomBytes(32).toString('hex');
	const sim = await startMixinSimulator();
	try {
		if (!sim.url.startsWith('http://127.0.0.1:')) fail(`the simulator listens on ${sim.url}, not 127.0.0.1`);
		sim.addUser({ userId: bot.appId, sessionId: bot.sessionId, sessionPublicKey: bot.publicHex, spendPublicKey: SpendKey.parse(spendKey, 'bench').publicKey });
		const recipients = Array.from({ length: RECIPIENTS }, () => randomUUID());
		for (const userId of recipients) sim.addUser({ userId });
		const store = new CredentialStore();
		const keystore = JSON.stringify({ app_id: bot.appId, session_id: bot.sessionId, session_private_key: bot.seedHex });
		// No rate limit: it would pace both sides alike; measured is what the node itself costs.
		store.put({ id: 'cred-mixin', name: 'bench', type: 'mixinApi', data: { keystore, spendPrivateKey: spendKey, baseUrl: sim.url, allowTransfers: true, rateLimit: 0 } });
		const node = new Mixin();
		const credentialTypes = { mixinApi: new MixinApi() };
		/** One execution of the node, in a fresh ExecuteContext as n8n gives each run; its first output. */
		const execute = async (parameters, items) => {
			const context = createExecuteContext({ store, credentialTypes, nodeType: node, parameters, credentials: { mixinApi: 'cred-mixin' }, items });
			const [output] = await node.execute.call(context);
			return output;
		};
		const send = (recipientId) => execute({ resource: 'transfer', operation: 'send', recipientId, assetId: USDT, amount: AMOUNT, memo: 'bench', requestId: '' });
		const sendMany = () =>
			execute(
				{ resource: 'transfer', operation: 'sendMany', recipientId: '={{ $json.recipientId }}', assetId: USDT, amount: AMOUNT, memo: 'bench', requestId: '={{ $json.requestId }}' },
				recipients.map((recipientId) => ({ json: { recipientId, requestId: randomUUID() } })),
			);
		/** Runs `work` on an empty request log: its requests (none refused) and seconds. */
		const measured = async (work, paid) => {
			sim.reset();
			const payments = sim.payments.length;
			const start = process.hrtime.bigint();
			const outputs = await work();
			const secondsTaken = Number(process.hrtime.bigint() - start) / 1e9;
			// A fresh request ID is looked up first and not found (404): expected; anything else is not.
			const refused = sim.requests.filter((request) => request.authError || (request.mixinError && request.mixinError.code !== 404));
			if (refused.length > 0) fail(`the simulator refused ${refused.length} request(s): ${JSON.stringify(refused[0].authError ?? refused[0].mixinError)}`);
			if (outputs.length !== RECIPIENTS && outputs.length !== 1) fail(`unexpected output of ${outputs.length} items`);
			if (!outputs.every((item) => item.json.state === 'spent' && !item.json.alreadySent)) fail('a payment was not made');
			if (sim.payments.length - payments !== paid) fail(`${sim.payments.length - payments} transactions recorded, ${paid} expected`);
			return { requests: sim.requests.length, seconds: secondsTaken };
		};
		const manySends = async () => {
			const outputs = [];
			for (const recipientId of recipients) outputs.push(...(await send(recipientId)));
			return outputs;
		};
		const result = { perSend: [], sendsRequests: [], sendManyRequests: [], requestRatios: [], timeRatios: [] };
		// Warm-up (JIT, sockets): one Send, one Send Many, on outputs that are then cleared.
		sim.resetState();
		sim.deposit({ userId: bot.appId, assetId: USDT, amount: '1', count: 4 });
		await measured(() => send(recipients[0]), 1);
		await measured(sendMany, 1);
		for (let rep = 0; rep < reps; rep++) {
			sim.resetState();
			// One output per Send (its change comes back as a new one), one for Send Many.
			sim.deposit({ userId: bot.appId, assetId: USDT, amount: '1', count: RECIPIENTS + 8 });
			result.perSend.push((await measured(() => send(recipients[rep % RECIPIENTS]), 1)).requests);
			const many = () => measured(sendMany, 1);
			const sends = () => measured(manySends, RECIPIENTS);
			const [a, b] = rep % 2 ? [await sends(), await many()].reverse() : [await many(), await sends()];
			result.sendManyRequests.push(a.requests);
			result.sendsRequests.push(b.requests);
			result.requestRatios.push(b.requests / a.requests);
			result.timeRatios.push(b.seconds / a.seconds);
		}
		return result;
	} finally {
		await sim.close();
	}
}

/**
 * Signing one Safe transaction (the SDK's worked example: 2 inputs, 2 outputs) with the spend key:
 * ours as the node runs it (`SpendKey.sign`, mixin-safe's `signTransaction` with the scalar read once)
 * against the SDK's `signSafeTransaction` (which takes the key's hex each call); a rate, ours / SDK.
 */
async function transactionSigningRatios({ internals, rate, reps }) {
	const sdk = require('@mixin.dev/mixin-node-sdk');
	const { SpendKey, formatAmount, exampleTransaction, VIEWS, VECTOR_SPEND_KEY, SIGNED_RAW } = internals();
	const tx = exampleTransaction();
	const sdkTx = { ...tx, outputs: tx.outputs.map((output) => ({ ...output, amount: formatAmount(output.amount) })), extra: Buffer.from(tx.extra) };
	const key = SpendKey.parse(VECTOR_SPEND_KEY, 'bench');
	const ours = async () => key.sign(tx, VIEWS);
	const theirs = async () => sdk.signSafeTransaction(sdkTx, VIEWS, VECTOR_SPEND_KEY);
	const oursRaw = Buffer.from((await ours()).raw).toString('hex');
	if (oursRaw !== (await theirs()) || oursRaw !== SIGNED_RAW) fail('our signed transaction differs from the SDK\'s');
	const ratios = [];
	for (let rep = 0; rep < reps; rep++) {
		const [a, b] = rep % 2 ? [await rate(theirs), await rate(ours)].reverse() : [await rate(ours), await rate(theirs)];
		ratios.push(a / b);
	}
	return ratios;
}

/**
 * The Mixin API credential's token for one request (GET /safe/outputs with the query the node sends),
 * as `authenticate` makes it: `signRequest` folds the query into the URL, signs and sets the header.
 * Against the SDK's `signAuthenticationToken` for the same method, URI and body, and against the
 * limit: what any signer must do per request with node:crypto alone (claims with a fresh jti and iat
 * and the request's hash, base64url header and claims, one `crypto.sign` with a KeyObject imported
 * beforehand). Rates: ours / SDK, ours / limit.
 */
async function requestTokenRatios({ internals, rate, reps }) {
	const sdk = require('@mixin.dev/mixin-node-sdk');
	const { signRequest, membersHash } = internals();
	const session = ed25519Session();
	const baseUrl = 'https://api.mixin.one';
	const data = { keystore: JSON.stringify({ app_id: session.appId, session_id: session.sessionId, session_private_key: session.seedHex }), baseUrl, rateLimit: 0 };
	const qs = { members: membersHash([session.appId]), threshold: 1, asset: USDT, state: 'unspent', limit: 500, order: 'ASC' };
	const options = () => ({ method: 'GET', url: `${baseUrl}/safe/outputs`, qs: { ...qs }, json: true });
	const method = 'GET';
	const uri = `/safe/outputs?${new URLSearchParams(Object.entries(qs).map(([name, value]) => [name, String(value)]))}`;
	const sdkKeystore = { app_id: session.appId, session_id: session.sessionId, session_private_key: session.seedHex };
	const base64url = (text) => Buffer.from(text).toString('base64url');

	const ours = async () => (await signRequest(data, options())).headers.Authorization.slice('Bearer '.length);
	const theirs = async () => sdk.signAuthenticationToken(method, uri, '', randomUUID(), sdkKeystore);
	const limit = async () => {
		const iat = Math.floor(Date.now() / 1000);
		const claims = { uid: session.appId, sid: session.sessionId, iat, exp: iat + 600, jti: randomUUID(), sig: createHash('sha256').update(method + uri).digest('hex'), scp: 'FULL' };
		const input = `${base64url(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
		return `${input}.${sign(null, Buffer.from(input), session.privateKey).toString('base64url')}`;
	};

	const signed = await signRequest(data, options());
	if (signed.url !== `${baseUrl}${uri}`) fail(`signRequest sends ${signed.url}, the others sign ${baseUrl}${uri}`);
	const tokens = { ours: await ours(), sdk: await theirs(), limit: await limit() };
	for (const [who, token] of Object.entries(tokens)) {
		if (!verifies(token, session.publicKey)) fail(`the ${who} token does not verify`);
		const claims = jwtPart(token, 1);
		if (claims.sig !== jwtPart(tokens.ours, 1).sig || claims.uid !== session.appId || claims.sid !== session.sessionId) fail(`the ${who} token's claims differ`);
	}
	const sdkRatios = [];
	const limitRatios = [];
	for (let rep = 0; rep < reps; rep++) {
		// Three sides: the order rotates, so none always meets a warmer (or cooler) machine.
		const order = [
			['ours', ours],
			['sdk', theirs],
			['limit', limit],
		];
		const turned = [...order.slice(rep % 3), ...order.slice(0, rep % 3)];
		const rates = {};
		for (const [name, fn] of turned) rates[name] = await rate(fn);
		sdkRatios.push(rates.ours / rates.sdk);
		limitRatios.push(rates.ours / rates.limit);
	}
	return { sdkRatios, limitRatios };
}

module.exports = { transferMeasurements, transactionSigningRatios, requestTokenRatios };
