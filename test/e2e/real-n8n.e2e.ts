/**
 * The real judge: n8n 2.41.1 (a separate Node 24 process) with the packed package installed the way
 * Community Nodes installs it, executing workflows against the simulators. Assertions are on n8n's run
 * data and on the simulators' request counters. The tests run in order and share one n8n user folder,
 * as one user's n8n would across days.
 */
import fs from 'node:fs';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nLocal = require('../../scripts/n8n-local');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stack = require('../../scripts/local-stack');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulators = require('../support/simulators');

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PRELOAD = path.join(__dirname, 'clock-offset.js');

type Json = Record<string, any>;
let sims: any;
let instance: any;
let identities: { keystore: string; secrets: string[]; bot: { appId: string }; rainbowApp: { appId: string; appSecret: string } };
/** How far both sides' clocks have moved. */
let offsetMs = 0;
const badSecret = 'definitely-not-the-app-secret-9f8e7d';

const ids = { ...stack.CREDENTIAL_IDS, badKeystore: 'BadKeystoreCred1', badSecret: 'BadSecretCredRb1' };
const node = (name: string, type: string, parameters: Json, credentials?: Json) => ({
	id: name,
	name,
	type,
	typeVersion: type.endsWith('httpRequest') ? 4.2 : 1,
	position: [300, 0],
	parameters,
	...(credentials ? { credentials } : {}),
});
const cred = (type: string, id: string) => ({ [type]: { id, name: id } });
function workflow(id: string, nodes: Json[]) {
	const trigger = { id: 'trigger', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const connections: Json = {};
	const chain = [trigger, ...nodes];
	for (let i = 0; i < chain.length - 1; i++) connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name: id, nodes: chain, connections, settings: { executionOrder: 'v1' } };
}

const RAINBOW = 'n8n-nodes-exinone-rainbow.rainbow';
const EXINONE = 'n8n-nodes-exinone-rainbow.exinOne';
const MIXIN = 'n8n-nodes-exinone-rainbow.mixin';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';

async function execute(id: string) {
	const env = { NODE_OPTIONS: `--require=${PRELOAD}`, E2E_CLOCK_OFFSET_MS: String(offsetMs) };
	const result = await instance.execute(id, { env });
	return { ...result, items: (nodeName: string) => n8nLocal.runItems(result.run, nodeName) as Json[] | undefined, error: n8nLocal.runError(result.run) };
}

function timePasses(ms: number) {
	offsetMs += ms;
	sims.advance(ms);
}

const rainbowLogins = () => sims.rainbow.count('POST', '/v1/login');
const rainbowRefreshes = () => sims.rainbow.count('GET', '/v1/refresh_token');
const exinoneLogins = () => sims.exinone.count('POST', '/api/v2/mixin/me');

/** Every file n8n wrote (database, logs, event logs), as text, to look for secrets. */
function userFolderText(): string {
	const texts: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'node_modules') walk(full);
			} else if (fs.statSync(full).size < 50 * 1024 * 1024) {
				texts.push(fs.readFileSync(full).toString('latin1'));
			}
		}
	};
	walk(instance.userFolder);
	return texts.join('\n');
}

/** The Safe members hash of the demo bot, as Mixin's /safe/outputs takes it. */
function mixinMembers(): string {
	return simulators.membersHash([identities.bot.appId]);
}

function expectNoSecretIn(text: string) {
	for (const secret of [...identities.secrets, badSecret]) expect(text).not.toContain(secret);
}

beforeAll(async () => {
	await n8nLocal.provision();
	const { tarball } = stack.buildAndPack();
	sims = await stack.startSimulators();
	identities = stack.createDemoIdentities(sims);
	instance = n8nLocal.createInstance();
	await instance.installPackageTarball(tarball);
	const [mixin, rainbow, mixinApi] = stack.demoCredentials(sims, identities);
	await instance.importCredentials([
		mixin,
		rainbow,
		mixinApi,
		{ ...mixin, id: ids.badKeystore, name: ids.badKeystore, data: { ...mixin.data, keystore: identities.keystore.replace('"session_id"', '"sessionid"') } },
		{ ...rainbow, id: ids.badSecret, name: ids.badSecret, data: { ...rainbow.data, appSecret: badSecret } },
	]);
	const flows = [
		workflow('rainbowMints0001', [node('Mints', RAINBOW, { resource: 'mint', operation: 'getMany', returnAll: false, limit: 5, filters: {} }, cred('rainbowApi', ids.rainbowApi))]),
		workflow('exinoneMe000001', [node('Me', EXINONE, { resource: 'user', operation: 'getMe' }, cred('mixinKeystoreApi', ids.mixinKeystoreApi))]),
		workflow('httpRainbow0001', [node('HTTP', 'n8n-nodes-base.httpRequest', { url: `${sims.rainbow.baseUrl}/v1/contracts/`, authentication: 'predefinedCredentialType', nodeCredentialType: 'rainbowApi', options: {} }, cred('rainbowApi', ids.rainbowApi))]),
		workflow('httpExinOne0001', [node('HTTP', 'n8n-nodes-base.httpRequest', { url: `${sims.exinone.baseUrl}/users/me`, authentication: 'predefinedCredentialType', nodeCredentialType: 'mixinKeystoreApi', options: {} }, cred('mixinKeystoreApi', ids.mixinKeystoreApi))]),
		workflow('explicitAuth001', [
			node('ExinOne login', EXINONE, { resource: 'auth', operation: 'login' }, cred('mixinKeystoreApi', ids.mixinKeystoreApi)),
			node('Rainbow login', RAINBOW, { resource: 'auth', operation: 'login' }, cred('rainbowApi', ids.rainbowApi)),
			// Left at its defaults: it refreshes the token its input item (the Login step's output) carries.
			node('Rainbow refresh', RAINBOW, { resource: 'auth', operation: 'refreshToken' }, cred('rainbowApi', ids.rainbowApi)),
		]),
		workflow('http404Items001', [
			{ ...node('Items', 'n8n-nodes-base.code', { jsCode: 'return Array.from({ length: 50 }, (_, n) => ({ json: { n } }));' }), typeVersion: 2 },
			{
				...node('HTTP', 'n8n-nodes-base.httpRequest', { url: `${sims.rainbow.baseUrl}/v1/mints/999999`, authentication: 'predefinedCredentialType', nodeCredentialType: 'rainbowApi', options: {} }, cred('rainbowApi', ids.rainbowApi)),
				onError: 'continueRegularOutput',
			},
		]),
		workflow('mixinSend000001', [
			node('Pay', MIXIN, { resource: 'transfer', operation: 'send', recipientId: stack.DEMO_RECIPIENT, assetId: USDT, amount: '12.5', memo: 'e2e invoice 7', requestId: 'e2e-invoice-7' }, cred('mixinApi', ids.mixinApi)),
			node('Balance', MIXIN, { resource: 'asset', operation: 'getBalance', assetId: USDT }, cred('mixinApi', ids.mixinApi)),
		]),
		workflow('httpMixin000001', [
			node('GET outputs', 'n8n-nodes-base.httpRequest', {
				url: `${sims.mixin.baseUrl}/safe/outputs`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'mixinApi',
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'members', value: mixinMembers() }, { name: 'threshold', value: '1' }, { name: 'state', value: 'unspent' }] },
				options: {},
			}, cred('mixinApi', ids.mixinApi)),
			{ ...node('POST assets', 'n8n-nodes-base.httpRequest', {
				method: 'POST',
				url: `${sims.mixin.baseUrl}/safe/assets/fetch`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: 'mixinApi',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify([USDT]),
				options: {},
			}, cred('mixinApi', ids.mixinApi)), executeOnce: true },
		]),
		workflow('badKeystore0001', [node('Me', EXINONE, { resource: 'user', operation: 'getMe' }, cred('mixinKeystoreApi', ids.badKeystore))]),
		workflow('badSecret000001', [node('Mints', RAINBOW, { resource: 'mint', operation: 'getMany', returnAll: false, limit: 5, filters: {} }, cred('rainbowApi', ids.badSecret))]),
	];
	for (const flow of flows) await instance.importWorkflow(flow);
	// The import files hold the plain credentials; n8n has them encrypted now.
	fs.rmSync(path.join(instance.userFolder, 'imports'), { recursive: true, force: true });
}, 20 * 60 * 1000);

afterAll(async () => {
	await instance?.stop();
	await sims?.close();
});

test('the community-installed package is what n8n loads, and it brought nothing else', () => {
	const installed = path.join(instance.nodesDir, 'node_modules', 'n8n-nodes-exinone-rainbow');
	expect(fs.existsSync(path.join(installed, 'package.json'))).toBe(true);
	// No runtime dependency: the installer fetched nothing, the libraries are bundled.
	expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
	expect(fs.existsSync(path.join(installed, 'dist', 'vendor', 'LICENSES.md'))).toBe(true);
	expect(fs.existsSync(path.join(installed, 'credentials'))).toBe(false);
	expect(fs.existsSync(path.join(installed, 'test'))).toBe(false);
});

test('first run (node types n8n-nodes-exinone-rainbow.*): one login per service', async () => {
	const rainbow = await execute('rainbowMints0001');
	expect(rainbow.error).toBeUndefined();
	expect(rainbow.items('Mints')).toHaveLength(5);
	expect(rainbowLogins()).toBe(1);
	const exinone = await execute('exinoneMe000001');
	expect(exinone.error).toBeUndefined();
	expect(exinone.items('Me')).toHaveLength(1);
	expect(exinoneLogins()).toBe(1);
});

test('second run, a new n8n process: the stored tokens are reused, no login', async () => {
	expect((await execute('rainbowMints0001')).error).toBeUndefined();
	expect((await execute('exinoneMe000001')).error).toBeUndefined();
	expect(rainbowLogins()).toBe(1);
	expect(exinoneLogins()).toBe(1);
	expect(rainbowRefreshes()).toBe(0);
});

test('past the Rainbow token\'s 1 h: a refresh, not a login, and no request with the dead token', async () => {
	timePasses(HOUR + 2 * MINUTE);
	const before = sims.rainbow.requests.length;
	const result = await execute('rainbowMints0001');
	expect(result.error).toBeUndefined();
	expect(rainbowRefreshes()).toBe(1);
	expect(rainbowLogins()).toBe(1);
	const apiCalls = sims.rainbow.requests.slice(before).filter((r: Json) => r.path.startsWith('/v1/mints'));
	expect(apiCalls.map((r: Json) => r.status)).toEqual([200]);
});

test('past the 5 h refresh window: a login', async () => {
	timePasses(5 * HOUR + 5 * MINUTE);
	expect((await execute('rainbowMints0001')).error).toBeUndefined();
	expect(rainbowLogins()).toBe(2);
	expect(rainbowRefreshes()).toBe(1);
});

test('ExinOne 24 h later: a new login before the request', async () => {
	timePasses(24 * HOUR);
	const before = sims.exinone.requests.length;
	expect((await execute('exinoneMe000001')).error).toBeUndefined();
	expect(exinoneLogins()).toBe(2);
	const calls = sims.exinone.requests.slice(before).filter((r: Json) => r.path === '/api/v2/users/me');
	expect(calls.map((r: Json) => r.status)).toEqual([200]);
});

test('tokens revoked by the server: 401, one renewal, success', async () => {
	const rainbowBefore = rainbowLogins();
	const exinoneBefore = exinoneLogins();
	sims.rainbow.revokeTokens();
	sims.exinone.revokeTokens();
	timePasses(1000); // the new tokens must differ from the revoked ones
	expect((await execute('rainbowMints0001')).error).toBeUndefined();
	expect((await execute('exinoneMe000001')).error).toBeUndefined();
	expect(rainbowLogins()).toBe(rainbowBefore + 1);
	expect(exinoneLogins()).toBe(exinoneBefore + 1);
});

test('the HTTP Request node with each predefined credential, also through a 401 renewal', async () => {
	const rainbow = await execute('httpRainbow0001');
	expect(rainbow.error).toBeUndefined();
	expect(rainbow.items('HTTP')?.[0]).toEqual(expect.objectContaining({ count: expect.any(Number) }));
	const exinone = await execute('httpExinOne0001');
	expect(exinone.error).toBeUndefined();
	expect(exinone.items('HTTP')?.[0]).toEqual(expect.objectContaining({ success: true }));

	const before = { rainbow: rainbowLogins() + rainbowRefreshes(), exinone: exinoneLogins() };
	sims.rainbow.revokeTokens();
	sims.exinone.revokeTokens();
	timePasses(1000);
	expect((await execute('httpRainbow0001')).error).toBeUndefined();
	expect((await execute('httpExinOne0001')).error).toBeUndefined();
	expect(rainbowLogins() + rainbowRefreshes()).toBeGreaterThan(before.rainbow);
	expect(exinoneLogins()).toBe(before.exinone + 1);
});

test("50 items through the HTTP Request node hitting a 404: each sent once, no renewal", async () => {
	const missing = () => sims.rainbow.requests.filter((r: Json) => r.path === '/v1/mints/999999').length;
	const before = { renewals: rainbowLogins() + rainbowRefreshes(), sent: missing() };
	const result = await execute('http404Items001');
	expect(result.error).toBeUndefined();
	expect(result.items('HTTP')).toHaveLength(50);
	// n8n asks the credential for a new token after each failed request; one token check answers all.
	expect(rainbowLogins() + rainbowRefreshes() - before.renewals).toBeLessThanOrEqual(1);
	expect(missing() - before.sent).toBe(50);
});

test('the Mixin node pays once and reads the balance; a re-run with the same Request ID pays nothing more', async () => {
	const paid = () => sims.mixin.paymentsTo(stack.DEMO_RECIPIENT).length;
	const first = await execute('mixinSend000001');
	expect(first.error).toBeUndefined();
	const [payment] = first.items('Pay') as Json[];
	expect(payment).toEqual(expect.objectContaining({ state: 'spent', amount: '12.5', recipientId: stack.DEMO_RECIPIENT, memo: 'e2e invoice 7', transactionHash: expect.stringMatching(/^[0-9a-f]{64}$/) }));
	expect(payment.alreadySent).toBeUndefined();
	expect(first.items('Balance')?.[0]).toEqual(expect.objectContaining({ assetId: USDT, symbol: 'USDT', amount: '287.5' }));
	expect(paid()).toBe(1);
	expect(sims.mixin.balance(stack.DEMO_RECIPIENT, USDT)).toBe('12.5');
	const again = await execute('mixinSend000001');
	expect(again.error).toBeUndefined();
	expect(again.items('Pay')?.[0]).toEqual(expect.objectContaining({ requestId: payment.requestId, alreadySent: true }));
	expect(paid()).toBe(1);
	expect(sims.mixin.requests.every((r: Json) => !r.authError)).toBe(true);
});

test('the HTTP Request node with the Mixin API credential: a GET with a query and a POST with a JSON body, both signed as sent', async () => {
	const before = sims.mixin.requests.length;
	const result = await execute('httpMixin000001');
	expect(result.error).toBeUndefined();
	const calls = sims.mixin.requests.slice(before);
	expect(calls.map((r: Json) => [r.method, r.path, r.status, r.authError])).toEqual([
		['GET', '/safe/outputs', 200, undefined],
		['POST', '/safe/assets/fetch', 200, undefined],
	]);
	expect(calls[0].query).toEqual({ members: mixinMembers(), threshold: '1', state: 'unspent' });
	expect(JSON.parse(calls[1].rawBody)).toEqual([USDT]);
	expect(result.items('GET outputs')?.[0]).toEqual(expect.objectContaining({ data: expect.any(Array) }));
	expect(result.items('POST assets')?.[0]).toEqual(expect.objectContaining({ data: [expect.objectContaining({ asset_id: USDT })] }));
});

test('the explicit login and refresh nodes output their tokens; the refresh uses /v1/refresh_token', async () => {
	const refreshesBefore = rainbowRefreshes();
	const result = await execute('explicitAuth001');
	expect(result.error).toBeUndefined();
	expect(result.items('ExinOne login')?.[0]).toEqual({ token: expect.stringMatching(/^ey/), tokenType: 'Bearer', expiresIn: 86400, expiresAt: expect.any(String) });
	const login = result.items('Rainbow login')?.[0] as Json;
	expect(login).toEqual({ token: expect.stringMatching(/^ey/), expire: expect.any(String), expiresAt: expect.any(String) });
	expect(result.items('Rainbow refresh')?.[0]).toEqual({ token: expect.stringMatching(/^ey/), expire: expect.any(String), expiresAt: expect.any(String) });
	expect(rainbowRefreshes()).toBe(refreshesBefore + 1);
	const refresh = sims.rainbow.requests.filter((r: Json) => r.path === '/v1/refresh_token').pop();
	expect(refresh.headers.authorization).toBe(`Bearer ${login.token}`);
});

test('a bad keystore and a bad secret fail with a clear error; no secret in run data, output or files', async () => {
	const keystore = await execute('badKeystore0001');
	expect(keystore.code).not.toBe(0);
	expect(JSON.stringify(keystore.run)).toMatch(/keystore has no \\"session_id\\"/);
	const secret = await execute('badSecret000001');
	expect(secret.code).not.toBe(0);
	expect(JSON.stringify(secret.run)).toContain('Rainbow login was refused (HTTP 401, code 40100): incorrect app_id or app_secret.');
	for (const result of [keystore, secret]) expectNoSecretIn(`${result.stdout}\n${result.stderr}\n${JSON.stringify(result.run)}`);
	expectNoSecretIn(userFolderText());
});

test('the credential test ("Test" button) through n8n\'s REST API: success, and a readable refusal', async () => {
	offsetMs = 0; // the server runs on the real clock: bring the simulators back to it
	sims.exinone.clock.set(Date.now());
	sims.rainbow.clock.set(Date.now());
	sims.mixin.clock.set(Date.now());
	await instance.start();
	await instance.rest.ensureOwner();
	expect(await instance.rest.testCredential(ids.mixinKeystoreApi)).toEqual(expect.objectContaining({ status: 'OK' }));
	expect(await instance.rest.testCredential(ids.rainbowApi)).toEqual(expect.objectContaining({ status: 'OK' }));
	expect(await instance.rest.testCredential(ids.mixinApi)).toEqual(expect.objectContaining({ status: 'OK' }));
	const refused = await instance.rest.testCredential(ids.badSecret);
	expect(refused.status).toBe('Error');
	expect(refused.message).toContain('incorrect app_id or app_secret');
	const badKeystore = await instance.rest.testCredential(ids.badKeystore);
	expect(badKeystore.status).toBe('Error');
	expect(badKeystore.message).toMatch(/keystore has no "session_id"/);
	expectNoSecretIn(`${JSON.stringify([refused, badKeystore])}\n${instance.serverLog().join('\n')}`);
});
