/**
 * The generic lifecycle (`renewToken`) where it meets failures: n8n's HTTP Request node asking for a
 * new token after any failed request, and a refresh that fails for another reason than a refusal.
 * Through n8n-core's real request helpers, counted on the Rainbow simulator.
 */
import { CredentialStore } from '../../support/n8n-context';
import { advanceLocalClock, captureError, legacyHttpRequestNodePath } from '../../support/lifecycle';
import { freshProcess, UNPACED } from '../../support/process-state';
import { startRainbowSimulator } from '../../support/simulators';

type Sim = Awaited<ReturnType<typeof startRainbowSimulator>>;

const APP_ID = 'app-renew-01';
const SECRET = 'rb-secret-renew-0123456789';
const HOUR = 3600_000;
let sim: Sim;
let store: CredentialStore;

beforeAll(async () => {
	sim = await startRainbowSimulator({ apps: [{ appId: APP_ID, appSecret: SECRET }], rateLimit: null });
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	freshProcess();
	sim.reset();
	sim.clock.set(Date.now());
	sim.addApp(APP_ID, SECRET);
	store = new CredentialStore();
	store.put({ id: 'cred-1', name: 'Rainbow app', type: 'rainbowApi', data: { appId: APP_ID, appSecret: SECRET, baseUrl: sim.baseUrl, accessToken: '', ...UNPACED } });
});
afterEach(() => jest.restoreAllMocks());

const logins = () => sim.count('POST', '/v1/login');
const refreshes = () => sim.count('GET', '/v1/refresh_token');
/** The cheap authenticated read that checks a token. */
const checks = () => sim.requests.filter((r) => r.path.startsWith('/v1/contracts')).length;
const missing = () => legacyHttpRequestNodePath(store, 'rainbowApi', { method: 'GET', uri: `${sim.baseUrl}/v1/mints/999999` });
const contracts = () => legacyHttpRequestNodePath(store, 'rainbowApi', { method: 'GET', uri: `${sim.baseUrl}/v1/contracts/`, qs: { page: 1, limit: 1 } });

describe("the HTTP Request node's error path", () => {
	test('50 items hitting a 404 one after another cost no renewal and are each sent once', async () => {
		await contracts(); // the first login
		const before = { logins: logins(), checks: checks() };
		for (let i = 0; i < 50; i++) {
			const error = await captureError(missing());
			expect((error as Error & { httpCode?: string }).httpCode).toBe('404');
		}
		expect(logins() - before.logins).toBe(0);
		expect(refreshes()).toBe(0);
		expect(sim.requests.filter((r) => r.path === '/v1/mints/999999')).toHaveLength(50);
		// One check of the token, remembered for the following failures.
		expect(checks() - before.checks).toBe(1);
	});

	test('50 items hitting a 404 at once share one check and no renewal', async () => {
		await contracts();
		const before = { logins: logins(), checks: checks() };
		const errors = await Promise.all(Array.from({ length: 50 }, () => captureError(missing())));
		expect(errors.map((error) => (error as Error & { httpCode?: string }).httpCode)).toEqual(Array(50).fill('404'));
		expect(logins() - before.logins).toBe(0);
		expect(checks() - before.checks).toBe(1);
	});

	test('a token the server revoked is still renewed once, and the request succeeds', async () => {
		await contracts();
		sim.revokeTokens();
		const answer = await contracts();
		expect(answer).toMatchObject({ count: expect.any(Number) });
		// The revoked token cannot be refreshed either: one refresh is refused, one login renews.
		expect(refreshes()).toBe(1);
		expect(logins()).toBe(2);
	});
});

describe('a refresh that fails', () => {
	/** Past the token's hour, inside its refresh window: the next request renews by refresh. */
	async function tokenDue() {
		await contracts();
		sim.clock.advance(HOUR + 60_000);
		advanceLocalClock(HOUR + 60_000);
	}

	test.each([
		['a 5xx that outlasts the retries', { status: 503, times: 3 }],
		['an answer without a token', { status: 200, body: { message: 'ok' }, times: 1 }],
	])('%s falls back to a login with the secret', async (_case, fault) => {
		await tokenDue();
		sim.fault({ method: 'GET', path: '/v1/refresh_token', ...fault });
		await expect(contracts()).resolves.toMatchObject({ count: expect.any(Number) });
		expect(logins()).toBe(2);
	});
});
