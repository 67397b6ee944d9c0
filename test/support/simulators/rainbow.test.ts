/**
 * The Rainbow simulator (rainbow.js) is faithful to Rainbow's login where the package depends on it:
 * the three answer forms, gin-jwt's token (1 h of API use, refreshable for 5 h from orig_iat, a window
 * that slides or stays fixed), and refusals with Rainbow's codes that never echo the secret.
 */
import { createClock } from './clock';
import { startRainbowSimulator } from './rainbow';
import { APP, claimsOf, rainbowClient } from './test-clients';

const HOUR = 3600_000;
const EXPIRE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+08:00$/;

describe('Rainbow simulator: login and refresh', () => {
	let sim: any;
	let c: ReturnType<typeof rainbowClient>;
	beforeAll(async () => {
		sim = await startRainbowSimulator({ clock: createClock(), apps: [APP], rateLimit: null });
		c = rainbowClient(sim);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.setLoginFormat('object');
	});

	it('answers {token, expire} with gin-jwt claims by default', async () => {
		const r = await c.call('POST', '/v1/login', { body: { app_id: APP.appId, app_secret: APP.appSecret } });
		expect(r.status).toBe(200);
		expect(Object.keys(r.json).sort()).toEqual(['expire', 'token']);
		expect(r.json.expire).toMatch(EXPIRE_RE);
		const [h] = r.json.token.split('.');
		expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
		const cl = claimsOf(r.json.token);
		expect(cl.id).toBe(APP.appId);
		expect(cl.exp - cl.orig_iat).toBe(3600);
		expect(Math.abs(cl.orig_iat * 1000 - sim.clock.now())).toBeLessThan(2000);
		expect(Math.floor(Date.parse(r.json.expire) / 1000)).toBe(cl.exp);
	});

	it('answers the envelope and the bare formats', async () => {
		sim.setLoginFormat('envelope');
		const env = await c.call('POST', '/v1/login', { body: { app_id: APP.appId, app_secret: APP.appSecret } });
		expect(env.json).toMatchObject({ code: 0, data: { token: expect.any(String), expire: expect.stringMatching(EXPIRE_RE) } });
		await c.call('POST', '/__sim/login-format', { body: { format: 'bare' } });
		const bare = await c.call('POST', '/v1/login', { body: { app_id: APP.appId, app_secret: APP.appSecret } });
		expect(typeof bare.json).toBe('string');
		expect(bare.text).toBe(JSON.stringify(bare.json));
		expect(claimsOf(bare.json).id).toBe(APP.appId);
		// refresh answers in the same format
		const ref = await c.call('GET', '/v1/refresh_token', { token: bare.json });
		expect(typeof ref.json).toBe('string');
	});

	it('refuses a bad secret with 401 and never echoes it', async () => {
		const secret = 'my-very-secret-guess';
		const r = await c.call('POST', '/v1/login', { body: { app_id: APP.appId, app_secret: secret } });
		expect(r.status).toBe(401);
		expect(r.json).toEqual({ code: 40100, message: 'incorrect app_id or app_secret' });
		expect(r.text).not.toContain(secret);
		expect((await c.call('POST', '/v1/login', { body: { app_id: 'nope', app_secret: APP.appSecret } })).status).toBe(401);
		const miss = await c.call('POST', '/v1/login', { body: { app_id: APP.appId } });
		expect(miss.status).toBe(400);
		expect(miss.json).toEqual({ code: 40000, message: 'app_secret is required' });
	});

	it('stops accepting a revoked app secret, and accepts a re-added one', async () => {
		sim.addApp('app2', 's2');
		const ok = await c.call('POST', '/v1/login', { body: { app_id: 'app2', app_secret: 's2' } });
		expect(ok.status).toBe(200);
		sim.revokeApp('app2');
		expect((await c.call('POST', '/v1/login', { body: { app_id: 'app2', app_secret: 's2' } })).status).toBe(401);
		await c.call('POST', '/__sim/apps', { body: { appId: 'app2', appSecret: 's3' } });
		expect((await c.call('POST', '/v1/login', { body: { app_id: 'app2', app_secret: 's3' } })).status).toBe(200);
	});

	it('lets an API token live 1 h, then 40104', async () => {
		const token = await c.login();
		expect((await c.call('GET', '/v1/mints/', { token })).status).toBe(200);
		sim.clock.advance(HOUR - 5_000);
		expect((await c.call('GET', '/v1/mints/', { token })).status).toBe(200);
		sim.clock.advance(6_000);
		const r = await c.call('GET', '/v1/mints/', { token });
		expect(r.status).toBe(401);
		expect(r.json).toEqual({ code: 40104, message: 'token is expired' });
	});

	it('refreshes an expired token within 5 h of orig_iat, not after', async () => {
		const token = await c.login();
		sim.clock.advance(2 * HOUR);
		const r = await c.call('GET', '/v1/refresh_token', { token });
		expect(r.status).toBe(200);
		expect(r.json.expire).toMatch(EXPIRE_RE);
		expect((await c.call('GET', '/v1/contracts/', { token: r.json.token })).status).toBe(200);
		const old = await c.login();
		sim.clock.advance(5 * HOUR + 1_000);
		const late = await c.call('GET', '/v1/refresh_token', { token: old });
		expect(late.status).toBe(401);
		expect(late.json).toEqual({ code: 40104, message: 'token is expired' });
	});

	it('refuses a missing, tampered or revoked token with 40101', async () => {
		expect((await c.call('GET', '/v1/mints/')).json).toMatchObject({ code: 40101 });
		const token = await c.login();
		const [h, , s] = token.split('.');
		const forged = `${h}.${Buffer.from(JSON.stringify({ ...claimsOf(token), id: 'someone' })).toString('base64url')}.${s}`;
		expect((await c.call('GET', '/v1/mints/', { token: forged })).json).toEqual({ code: 40101, message: 'invalid JWT' });
		expect((await c.call('GET', '/v1/refresh_token', { token: forged })).status).toBe(401);
		sim.revokeTokens();
		expect((await c.call('GET', '/v1/mints/', { token })).json.code).toBe(40101);
		expect((await c.call('GET', '/v1/refresh_token', { token })).json.code).toBe(40101);
	});
});

describe('Rainbow simulator: refresh windows', () => {
	it.each([
		['sliding', 200],
		['fixed', 401],
	])('%s mode: a second refresh 8 h after login answers %i', async (refreshMode, expected) => {
		const sim = await startRainbowSimulator({ apps: [APP], refreshMode: refreshMode as 'sliding' | 'fixed', rateLimit: null });
		try {
			const c = rainbowClient(sim);
			const t0 = await c.login();
			sim.clock.advance(4 * HOUR);
			const r1 = await c.call('GET', '/v1/refresh_token', { token: t0 });
			expect(r1.status).toBe(200);
			const cl = claimsOf(r1.json.token);
			if (refreshMode === 'sliding') expect(cl.orig_iat).toBeGreaterThan(claimsOf(t0).orig_iat);
			else expect(cl.orig_iat).toBe(claimsOf(t0).orig_iat);
			sim.clock.advance(4 * HOUR);
			const r2 = await c.call('GET', '/v1/refresh_token', { token: r1.json.token });
			expect(r2.status).toBe(expected);
		} finally {
			await sim.close();
		}
	});

	it('honours custom validity and window lengths', async () => {
		const sim = await startRainbowSimulator({ apps: [APP], apiValidityMs: 60_000, refreshWindowMs: 120_000, rateLimit: null });
		try {
			const c = rainbowClient(sim);
			const t = await c.login();
			expect(claimsOf(t).exp - claimsOf(t).orig_iat).toBe(60);
			sim.clock.advance(121_000);
			expect((await c.call('GET', '/v1/refresh_token', { token: t })).status).toBe(401);
		} finally {
			await sim.close();
		}
	});
});

describe('Rainbow simulator: rate limit', () => {
	test('holds an app to 5 requests per second by default (a bucket of 5), with 429 code 42900 beyond', async () => {
		const sim = await startRainbowSimulator({ apps: [APP] });
		const c = rainbowClient(sim);
		try {
			const login = () => c.call('POST', '/v1/login', { body: { app_id: APP.appId, app_secret: APP.appSecret } });
			const burst = await Promise.all(Array.from({ length: 7 }, login));
			const statuses = burst.map((r) => r.status).sort();
			expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
			expect(burst.find((r) => r.status === 429)?.json).toEqual({ code: 42900, message: 'too many requests' });
			// Another app has its own bucket.
			sim.addApp('other-app', 'other-app-secret-0000');
			expect((await c.call('POST', '/v1/login', { body: { app_id: 'other-app', app_secret: 'other-app-secret-0000' } })).status).toBe(200);
			sim.setRateLimit(null);
			expect((await login()).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});
