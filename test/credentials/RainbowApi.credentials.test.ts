/**
 * The Rainbow API credential's token lifecycle, through n8n-core's real httpRequestWithAuthentication
 * against the Rainbow simulator, counted on the simulator's log. The six numbered sections are what a
 * self-renewing credential owes its user: an empty token logs in once; a valid one is reused across
 * executions and restarts; an expired one is renewed before it is sent; concurrent requests share
 * one renewal; an edited credential never reuses a token of its old settings; failures read clearly
 * and never show a secret.
 */
import { CredentialStore } from '../support/n8n-context';
import { advanceLocalClock, bearerOf, captureError, everythingIn, httpRequestNodePath, ownRequest } from '../support/lifecycle';
import { startRainbowSimulator } from '../support/simulators';
import { freshProcess, UNPACED } from '../support/process-state';

type Sim = Awaited<ReturnType<typeof startRainbowSimulator>>;

const HOUR = 3600 * 1000;
const APP_ID = 'app-0001';
const SECRET = 'rb-secret-5f0c1d2e3a4b5c6d7e8f';

let sim: Sim;
let store: CredentialStore;

beforeAll(async () => {
	sim = await startRainbowSimulator({ apps: [{ appId: APP_ID, appSecret: SECRET }] });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	freshProcess();
	sim.reset();
	sim.clock.set(Date.now());
	sim.setLoginFormat('object');
	sim.setRateLimit(null);
	sim.addApp(APP_ID, SECRET);
	store = new CredentialStore();
	store.put({
		id: 'cred-1',
		name: 'Rainbow app',
		type: 'rainbowApi',
		data: { appId: APP_ID, appSecret: SECRET, baseUrl: sim.baseUrl, accessToken: '', ...UNPACED },
	});
});
afterEach(() => jest.restoreAllMocks());

const logins = () => sim.count('POST', '/v1/login');
const refreshes = () => sim.count('GET', '/v1/refresh_token');
const listContracts = () =>
	ownRequest(store, 'rainbowApi', (c) => ({ method: 'GET', url: `${c.baseUrl}/v1/contracts/`, qs: { page: 1, limit: 1 }, json: true }));
const apiRequests = () => sim.requests.filter((r) => r.path.startsWith('/v1/contracts'));
const viaHttpRequestNode = (url = `${sim.baseUrl}/v1/contracts/`) =>
	httpRequestNodePath(store, 'rainbowApi', { method: 'GET', url, qs: { page: 1, limit: 1 }, json: true });

/** Both clocks move: the simulator's (the token really dies there) and ours (the stored expiry passes). */
function timePasses(ms: number) {
	sim.clock.advance(ms);
	advanceLocalClock(ms);
}

describe('1. an empty token', () => {
	test.each(['object', 'envelope', 'bare'] as const)('causes one login (answer form: %s), persisted with expiry and refresh window', async (format) => {
		sim.setLoginFormat(format);
		expect((await listContracts()).statusCode).toBe(200);
		expect(logins()).toBe(1);
		const saved = store.get('cred-1').data;
		expect(saved.accessToken).toMatch(/^ey/);
		expect(Number(saved.tokenExpiresAt)).toBeGreaterThan(Date.now() + HOUR - 5_000);
		expect(Number(saved.tokenExpiresAt)).toBeLessThanOrEqual(Date.now() + HOUR + 1_000);
		expect(Number(saved.refreshExpiresAt)).toBeGreaterThan(Date.now() + 5 * HOUR - 5_000);
		expect(JSON.stringify(saved.tokenFingerprint)).not.toContain(SECRET);
		expect(store.writes).toBe(1);
	});
});

describe('2. a valid token', () => {
	test('is reused by later executions and after a restart, with no login', async () => {
		await listContracts();
		freshProcess();
		await listContracts();
		await viaHttpRequestNode();
		expect(logins()).toBe(1);
		expect(refreshes()).toBe(0);
	});
});

describe('3. an expired token', () => {
	test('past its 1 h API validity is refreshed (not a login) before the request', async () => {
		await listContracts();
		const dead = store.get('cred-1').data.accessToken;
		freshProcess();
		timePasses(HOUR + 60_000);
		expect((await listContracts()).statusCode).toBe(200);
		expect(refreshes()).toBe(1);
		expect(logins()).toBe(1);
		expect(apiRequests().slice(1).map(bearerOf)).not.toContain(dead);
		expect(apiRequests().map((r) => r.status)).toEqual([200, 200]);
		// The refresh sent the old token, and no secret.
		const refresh = sim.requests.find((r) => r.path === '/v1/refresh_token');
		expect(bearerOf(refresh!)).toBe(dead);
		expect(JSON.stringify(refresh)).not.toContain(SECRET);
	});

	test('past the 5 h refresh window means a new login, without trying a refresh', async () => {
		await listContracts();
		freshProcess();
		timePasses(5 * HOUR + 60_000);
		expect((await listContracts()).statusCode).toBe(200);
		expect(refreshes()).toBe(0);
		expect(logins()).toBe(2);
	});

	test('each refresh opens a new window when the server slides it (gin-jwt), read from the token', async () => {
		await listContracts();
		for (let hour = 1; hour <= 6; hour++) {
			freshProcess();
			timePasses(HOUR);
			expect((await listContracts()).statusCode).toBe(200);
		}
		expect(logins()).toBe(1);
		expect(refreshes()).toBe(6);
	});

	test('when the server keeps the window fixed, the token says so and a login follows at 5 h', async () => {
		const fixed = await startRainbowSimulator({ apps: [{ appId: APP_ID, appSecret: SECRET }], refreshMode: 'fixed', rateLimit: null });
		try {
			fixed.clock.set(Date.now());
			store.edit('cred-1', { baseUrl: fixed.baseUrl });
			await listContracts();
			for (let hour = 1; hour <= 5; hour++) {
				freshProcess();
				fixed.clock.advance(HOUR + 60_000);
				advanceLocalClock(HOUR + 60_000);
				expect((await listContracts()).statusCode).toBe(200);
			}
			expect(fixed.count('GET', '/v1/refresh_token')).toBe(4);
			expect(fixed.count('POST', '/v1/login')).toBe(2);
			expect(fixed.requests.filter((r) => r.path === '/v1/refresh_token').every((r) => r.status === 200)).toBe(true);
		} finally {
			await fixed.close();
		}
	});

	test('a refresh refused by the server falls back to one login', async () => {
		await listContracts();
		freshProcess();
		timePasses(HOUR + 60_000);
		sim.fault({ path: '/v1/refresh_token', status: 401, body: { code: 40104, message: 'token is expired' } });
		expect((await listContracts()).statusCode).toBe(200);
		expect(refreshes()).toBe(1);
		expect(logins()).toBe(2);
	});

	test('through the HTTP Request node: not sent, the 401 refreshes once and the retry succeeds', async () => {
		await listContracts();
		const dead = store.get('cred-1').data.accessToken;
		freshProcess();
		timePasses(HOUR + 60_000);
		const body = await viaHttpRequestNode();
		expect(body).toEqual(expect.objectContaining({ count: expect.any(Number) }));
		expect(apiRequests().map((r) => r.status)).toEqual([200, 401, 200]);
		expect(apiRequests().slice(1).map(bearerOf)).not.toContain(dead);
		expect(refreshes()).toBe(1);
		expect(logins()).toBe(1);
	});

	test('revoked by the server: 401, the refresh is refused too, one login, success', async () => {
		await listContracts();
		sim.revokeTokens();
		expect((await listContracts()).statusCode).toBe(200);
		expect(logins()).toBe(2);
		expect(refreshes()).toBeLessThanOrEqual(1);
		expect(apiRequests().map((r) => r.status)).toEqual([200, 401, 200]);
	});
});

describe('4. many concurrent requests', () => {
	test('with no token make one login', async () => {
		const results = await Promise.all(Array.from({ length: 20 }, () => listContracts()));
		expect(results.every((r) => r.statusCode === 200)).toBe(true);
		expect(logins()).toBe(1);
	});

	test('with an expired token make one refresh', async () => {
		await listContracts();
		freshProcess();
		timePasses(HOUR + 60_000);
		const results = await Promise.all(Array.from({ length: 20 }, () => listContracts()));
		expect(results.every((r) => r.statusCode === 200)).toBe(true);
		expect(refreshes()).toBe(1);
		expect(logins()).toBe(1);
	});

	test('refused together make one renewal and never get the refused token back', async () => {
		await listContracts();
		const revoked = store.get('cred-1').data.accessToken;
		sim.revokeTokens();
		sim.clock.advance(1000); // tokens are issued per second: make the new one distinguishable
		const results = await Promise.all(Array.from({ length: 20 }, () => listContracts()));
		expect(results.every((r) => r.statusCode === 200)).toBe(true);
		expect(logins()).toBe(2);
		expect(apiRequests().filter((r) => r.status === 200).slice(1).map(bearerOf)).not.toContain(revoked);
	});
});

describe('5. editing the credential', () => {
	test('a new secret: the stored token is neither used nor refreshed; a login with the new secret', async () => {
		await listContracts();
		const old = store.get('cred-1').data.accessToken;
		sim.clock.advance(1000); // tokens are issued per second: make the new one distinguishable
		sim.addApp(APP_ID, `${SECRET}-rotated`);
		store.edit('cred-1', { appSecret: `${SECRET}-rotated` });
		await listContracts();
		await viaHttpRequestNode();
		expect(logins()).toBe(2);
		expect(refreshes()).toBe(0);
		expect(apiRequests().slice(1).map(bearerOf)).not.toContain(old);
	});

	test('a new base URL: the old token is never sent to the new host', async () => {
		await listContracts();
		const old = store.get('cred-1').data.accessToken;
		const second = await startRainbowSimulator({ apps: [{ appId: APP_ID, appSecret: SECRET }], rateLimit: null });
		try {
			store.edit('cred-1', { baseUrl: second.baseUrl });
			await viaHttpRequestNode(`${second.baseUrl}/v1/contracts/`);
			await listContracts();
			expect(second.requests.map(bearerOf)).not.toContain(old);
			expect(second.count('POST', '/v1/login')).toBe(1);
		} finally {
			await second.close();
		}
	});
});

describe('6. clear errors, never secrets', () => {
	test('a wrong secret: the server\'s message, what to check, and the secret nowhere', async () => {
		store.edit('cred-1', { appSecret: 'not-the-secret-0000' });
		const error = await captureError(viaHttpRequestNode());
		expect(error.message).toBe('Rainbow login was refused (HTTP 401, code 40100): incorrect app_id or app_secret.');
		expect((error as Error & { description?: string }).description).toMatch(/Check the App ID and App Secret/);
		expect(everythingIn(error)).not.toContain('not-the-secret-0000');
	});

	test('a revoked secret with a stale token: one refused login, no loop', async () => {
		await listContracts();
		sim.revokeApp(APP_ID);
		sim.revokeTokens();
		const error = await captureError(listContracts());
		expect(error.message).toMatch(/Rainbow login was refused/);
		expect(everythingIn(error)).not.toContain(SECRET);
		expect(logins()).toBe(2);
	});

	test('a missing field is named', async () => {
		store.edit('cred-1', { appId: ' ' });
		const error = await captureError(listContracts());
		expect(error.message).toMatch(/The App ID field of the Rainbow API credential is empty/);
		expect(logins()).toBe(0);
	});

	test.each([
		['a 5xx', { status: 500, body: { code: 50000, message: 'internal error' } }, /Rainbow login failed: the service had an internal error \(HTTP 500, code 50000\): internal error/],
		['a 429', { status: 429, retryAfter: 1, body: { code: 42900, message: 'too many requests' } }, /is rate-limiting requests \(HTTP 429, code 42900\)/],
		['an HTML page', { html: true, status: 502 }, /HTTP 502 with an HTML page/],
		['a dropped connection', { dropConnection: true }, /the connection was closed before an answer/],
	])('%s on login that outlasts the retries gives a readable error without the secret', async (_case, fault, message) => {
		// The first attempt and both retries meet it.
		sim.fault({ method: 'POST', path: '/v1/login', times: 3, ...fault });
		const error = await captureError(viaHttpRequestNode());
		expect(error.message).toMatch(message);
		expect(everythingIn(error)).not.toContain(SECRET);
		expect(logins()).toBe(3);
	});

	test.each([
		['a 5xx', { status: 503 }],
		['a 429', { status: 429, retryAfter: 0, body: { code: 42900, message: 'too many requests' } }],
		['a dropped connection', { dropConnection: true }],
	])('%s on login is retried: the run goes on', async (_case, fault) => {
		sim.fault({ method: 'POST', path: '/v1/login', ...fault });
		await expect(listContracts()).resolves.toMatchObject({ statusCode: 200 });
		expect(logins()).toBe(2);
	});
});
