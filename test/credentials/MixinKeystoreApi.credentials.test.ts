/**
 * The Mixin Keystore API credential's token lifecycle, through n8n-core's real httpRequestWithAuthentication
 * against the ExinOne simulator, counted on the simulator's log. The six numbered sections are what a
 * self-renewing credential owes its user: an empty token logs in once; a valid one is reused across
 * executions and restarts; an expired one is renewed before it is sent; concurrent requests share
 * one renewal; an edited credential never reuses a token of its old settings; failures read clearly
 * and never show a secret.
 */
import { createPublicKey } from 'node:crypto';

import { EXINONE_BOT_ID } from '../../credentials/exinone/constants';
import { CredentialStore } from '../support/n8n-context';
import { ed25519Fixture, expectNoSecret, rsaFixture, type Ed25519Fixture } from '../support/keystores';
import { advanceLocalClock, bearerOf, captureError, everythingIn, httpRequestNodePath, ownRequest } from '../support/lifecycle';
import { startExinOneSimulator } from '../support/simulators';
import { freshProcess, UNPACED } from '../support/process-state';

type Sim = Awaited<ReturnType<typeof startExinOneSimulator>>;

const DAY = 24 * 3600 * 1000;

let sim: Sim;
let bot: Ed25519Fixture;

beforeAll(async () => {
	sim = await startExinOneSimulator();
});
afterAll(async () => {
	await sim.close();
});

function register(fixture: Ed25519Fixture) {
	sim.registerSession({ userId: fixture.appId, sessionId: fixture.sessionId, publicKey: fixture.publicKey, algorithm: 'EdDSA' });
}

let store: CredentialStore;
beforeEach(() => {
	freshProcess();
	sim.reset();
	sim.clock.set(Date.now());
	bot = ed25519Fixture();
	register(bot);
	store = new CredentialStore();
	store.put({
		id: 'cred-1',
		name: 'ExinOne bot',
		type: 'mixinKeystoreApi',
		data: { keystore: bot.hexKeystore, baseUrl: sim.baseUrl, audience: EXINONE_BOT_ID, accessToken: '', ...UNPACED },
	});
});
afterEach(() => jest.restoreAllMocks());

const logins = () => sim.count('POST', '/api/v2/mixin/me');
const getMe = () => ownRequest(store, 'mixinKeystoreApi', (c) => ({ method: 'GET', url: `${c.baseUrl}/users/me`, json: true }));
const meRequests = () => sim.requests.filter((r) => r.path === '/api/v2/users/me');

describe('1. an empty token', () => {
	test('causes exactly one login, and the token and its expiry are persisted', async () => {
		const response = await getMe();
		expect(response.statusCode).toBe(200);
		expect(logins()).toBe(1);
		const saved = store.get('cred-1').data;
		expect(saved.accessToken).toMatch(/^ey/);
		expect(Number(saved.tokenExpiresAt)).toBeGreaterThan(Date.now() + DAY - 60_000);
		expect(Number(saved.tokenExpiresAt)).toBeLessThanOrEqual(Date.now() + DAY);
		expect(saved.tokenFingerprint).toEqual(expect.any(String));
		expect(bearerOf(meRequests()[0])).toBe(saved.accessToken);
		expect(store.writes).toBe(1);
	});

	test('works for all three keystore shapes (the RSA one signs RS512)', async () => {
		const rsa = rsaFixture();
		sim.registerSession({ userId: rsa.appId, sessionId: rsa.sessionId, publicKey: createPublicKey(rsa.pem), algorithm: 'RS512' });
		for (const keystore of [bot.hexKeystore, bot.base64Keystore, rsa.keystore]) {
			// Shapes A and B of one seed are the same session and may share a token: start afresh each time.
			freshProcess();
			store.edit('cred-1', { keystore, accessToken: '' });
			expect((await getMe()).statusCode).toBe(200);
		}
		expect(logins()).toBe(3);
		expect(sim.requests.filter((r) => r.path === '/api/v2/mixin/me').map((r) => r.status)).toEqual([200, 200, 200]);
	});

	test('through the HTTP Request node path too', async () => {
		const body = await httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${sim.baseUrl}/users/me`, json: true });
		expect(body.success).toBe(true);
		expect(logins()).toBe(1);
	});
});

describe('2. a valid token', () => {
	test('is reused by later executions and after a restart, with no login', async () => {
		await getMe();
		await getMe();
		freshProcess(); // an n8n restart: nothing is left in memory, only the stored credential
		await getMe();
		await httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${sim.baseUrl}/users/me`, json: true });
		expect(logins()).toBe(1);
		expect(meRequests().every((r) => r.status === 200)).toBe(true);
	});
});

describe('3. an expired token', () => {
	test('is renewed before the request: no request leaves with the dead token', async () => {
		await getMe();
		const dead = store.get('cred-1').data.accessToken;
		freshProcess();
		sim.clock.advance(DAY);
		advanceLocalClock(DAY);
		expect((await getMe()).statusCode).toBe(200);
		expect(logins()).toBe(2);
		expect(meRequests().map(bearerOf)).not.toContain(undefined);
		expect(meRequests().slice(1).map(bearerOf)).not.toContain(dead);
		expect(meRequests().map((r) => r.status)).toEqual([200, 200]);
	});

	test('within the renewal margin counts as expired', async () => {
		await getMe();
		sim.clock.advance(DAY - 30_000);
		advanceLocalClock(DAY - 30_000);
		await getMe();
		expect(logins()).toBe(2);
	});

	test('through the HTTP Request node: not sent, the 401 renews once and the retry succeeds', async () => {
		await getMe();
		const dead = store.get('cred-1').data.accessToken;
		freshProcess();
		sim.clock.advance(DAY);
		advanceLocalClock(DAY);
		const body = await httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${sim.baseUrl}/users/me`, json: true });
		expect(body.success).toBe(true);
		expect(logins()).toBe(2);
		expect(meRequests().map((r) => r.status)).toEqual([200, 401, 200]);
		expect(meRequests().slice(1).map(bearerOf)).not.toContain(dead);
	});

	test('a token revoked by the server: 401, one renewal, success', async () => {
		await getMe();
		sim.revokeTokens();
		expect((await getMe()).statusCode).toBe(200);
		expect(logins()).toBe(2);
		expect(meRequests().map((r) => r.status)).toEqual([200, 401, 200]);
	});
});

describe('4. many concurrent requests', () => {
	test('with no token make one login', async () => {
		const results = await Promise.all(Array.from({ length: 20 }, () => getMe()));
		expect(results.every((r) => r.statusCode === 200)).toBe(true);
		expect(logins()).toBe(1);
	});

	test('refused together (revoked token) make one renewal, never handing back the refused token', async () => {
		await getMe();
		const revoked = store.get('cred-1').data.accessToken;
		sim.revokeTokens();
		const results = await Promise.all(Array.from({ length: 20 }, () => getMe()));
		expect(results.every((r) => r.statusCode === 200)).toBe(true);
		expect(logins()).toBe(2);
		const retried = meRequests().filter((r) => r.status === 200).slice(1);
		expect(retried.map(bearerOf)).not.toContain(revoked);
	});

	test('through the HTTP Request node path, one login too', async () => {
		const results = await Promise.all(
			Array.from({ length: 10 }, () => httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${sim.baseUrl}/users/me`, json: true })),
		);
		expect(results.every((r) => r.success === true)).toBe(true);
		expect(logins()).toBe(1);
	});
});

describe('5. editing the credential', () => {
	test('a new keystore: the stored token is not used, a new login is made with the new key', async () => {
		await getMe();
		const old = store.get('cred-1').data.accessToken;
		const other = ed25519Fixture();
		register(other);
		store.edit('cred-1', { keystore: other.base64Keystore });
		await getMe();
		expect(logins()).toBe(2);
		expect(bearerOf(meRequests()[1])).not.toBe(old);
		const login = sim.requests.filter((r) => r.path === '/api/v2/mixin/me')[1];
		const claims = JSON.parse(Buffer.from((login.body as { token: string }).token.split('.')[1], 'base64url').toString());
		expect(claims.uid).toBe(other.appId);
	});

	test('a new base URL: the old token is never sent to the new host', async () => {
		await getMe();
		const old = store.get('cred-1').data.accessToken;
		const second = await startExinOneSimulator();
		try {
			second.registerSession({ userId: bot.appId, sessionId: bot.sessionId, publicKey: bot.publicKey, algorithm: 'EdDSA' });
			store.edit('cred-1', { baseUrl: second.baseUrl });
			await getMe();
			await httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${second.baseUrl}/users/me`, json: true });
			expect(second.count('POST', '/api/v2/mixin/me')).toBe(1);
			expect(second.requests.map(bearerOf)).not.toContain(old);
		} finally {
			await second.close();
		}
	});

	test('the HTTP Request node does not send a token issued for another keystore', async () => {
		await getMe();
		const old = store.get('cred-1').data.accessToken;
		const other = ed25519Fixture();
		register(other);
		store.edit('cred-1', { keystore: other.hexKeystore });
		await httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${sim.baseUrl}/users/me`, json: true });
		expect(meRequests().slice(1).map(bearerOf)).not.toContain(old);
		expect(logins()).toBe(2);
	});
});

describe('6. clear errors, never secrets', () => {
	const failing = () => httpRequestNodePath(store, 'mixinKeystoreApi', { method: 'GET', url: `${sim.baseUrl}/users/me`, json: true });

	test('a malformed keystore names the field, and no login is attempted', async () => {
		store.edit('cred-1', { keystore: bot.base64Keystore.replace(/}$/, ',,}') });
		const error = await captureError(failing());
		expect(error.message).toMatch(/keystore is not valid JSON.*Keystore field of the Mixin Keystore API credential/);
		expectNoSecret(everythingIn(error), bot.secrets);
		expect(logins()).toBe(0);
	});

	test('an unregistered session: the login error carries the server\'s message and what to check', async () => {
		const stranger = ed25519Fixture();
		store.edit('cred-1', { keystore: stranger.base64Keystore });
		const error = await captureError(failing());
		expect(error.message).toMatch(/^ExinOne login was refused \(HTTP 401, code 401\): .+/);
		expect((error as Error & { description?: string }).description).toMatch(/Check the Keystore/);
		expectNoSecret(everythingIn(error), stranger.secrets);
	});

	test.each([
		['a 5xx', { status: 503 }, /ExinOne login failed: the service had an internal error \(HTTP 503/],
		['an HTML page', { html: true, status: 502 }, /ExinOne login failed: the server answered HTTP 502 with an HTML page/],
		['text that is not JSON', { status: 200, body: 'hello' }, /HTTP 200 with text that is not JSON/],
		['a dropped connection', { dropConnection: true }, /ExinOne login failed: the connection was closed before an answer/],
	])('%s on login gives a readable error', async (_case, fault, message) => {
		// Enough of it for the first attempt and both retries of a server error.
		sim.fault({ method: 'POST', path: '/api/v2/mixin/me', times: 3, ...fault });
		const error = await captureError(failing());
		expect(error.message).toMatch(message);
		expectNoSecret(everythingIn(error), bot.secrets);
	});

	test.each([
		['a 5xx', { status: 503 }],
		['a 429', { status: 429, retryAfter: 0 }],
		['a dropped connection', { dropConnection: true }],
	])('%s on login is retried with a newly signed token: the run goes on', async (_case, fault) => {
		sim.fault({ method: 'POST', path: '/api/v2/mixin/me', ...fault });
		await expect(getMe()).resolves.toMatchObject({ statusCode: 200 });
		const tokens = sim.requests.filter((r) => r.path === '/api/v2/mixin/me').map((r) => (r.body as { token?: string }).token);
		expect(tokens).toHaveLength(2);
		expect(new Set(tokens).size).toBe(2);
	});

	test('a host that refuses connections is named with what to check', async () => {
		store.edit('cred-1', { baseUrl: 'http://127.0.0.1:1/api/v2' });
		const error = await captureError(failing());
		expect(error.message).toMatch(/ExinOne login failed: the connection was refused \(http:\/\/127\.0\.0\.1:1\/api\/v2\/mixin\/me\)/);
	});
});
