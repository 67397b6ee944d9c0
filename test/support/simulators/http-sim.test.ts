/**
 * The simulators' shared core (http-sim.js), through the ExinOne simulator: injected faults, canned
 * answers, the down switch, the request log and its counters, and the /__sim control endpoints.
 */
import { startHttpSim } from './http-sim';
import { startRainbowSimulator } from './rainbow';
import { client, signMixin, useExinOneSim } from './test-clients';

describe('ExinOne simulator', () => {
	const env = useExinOneSim();
	const { call, login, bearer } = env;

	describe('faults, counters and control endpoints', () => {
		const ASSETS = '/api/v2/convert/assets';

		it('inject a status with Retry-After, FIFO and limited by times', async () => {
			env.sim.fault({ path: ASSETS, status: 503, retryAfter: 7, times: 2 });
			env.sim.fault({ path: ASSETS, status: 500 });
			const a = await call('GET', ASSETS);
			expect(a.status).toBe(503);
			expect(a.headers.get('retry-after')).toBe('7');
			expect(a.json).toMatchObject({ success: false });
			expect((await call('GET', ASSETS)).status).toBe(503);
			expect((await call('GET', ASSETS)).status).toBe(500);
			expect((await call('GET', ASSETS)).status).toBe(200);
			expect(env.sim.count('GET', ASSETS)).toBe(4);
		});

		it('inject a fault only into requests with a given query (page 2 of a list)', async () => {
			const token = await bearer();
			env.sim.fault({ path: '/api/v2/convert/order/lists', query: { page: 2 }, status: 500 });
			expect((await call('GET', '/api/v2/convert/order/lists?page=1', { token })).status).toBe(200);
			expect((await call('GET', '/api/v2/convert/order/lists?page=2', { token })).status).toBe(500);
			expect((await call('GET', '/api/v2/convert/order/lists?page=2', { token })).status).toBe(200);
		});

		it('inject an HTML error page', async () => {
			env.sim.fault({ method: 'POST', path: /mixin\/me$/, html: true, status: 502 });
			const r = await login('whatever');
			expect(r.status).toBe(502);
			expect(r.headers.get('content-type')).toContain('text/html');
			expect(r.text).toContain('<html>');
		});

		it('inject a delay with a 429 and Retry-After, and a delay-only slow answer', async () => {
			env.sim.fault({ path: ASSETS, delayMs: 150, status: 429, retryAfter: 2 });
			let t = performance.now();
			const r = await call('GET', ASSETS);
			expect(performance.now() - t).toBeGreaterThanOrEqual(140);
			expect(r.status).toBe(429);
			expect(r.headers.get('retry-after')).toBe('2');
			env.sim.fault({ path: ASSETS, delayMs: 100 });
			t = performance.now();
			const slow = await call('GET', ASSETS);
			expect(performance.now() - t).toBeGreaterThanOrEqual(90);
			expect(slow.status).toBe(200);
		});

		it('drop the connection', async () => {
			env.sim.fault({ path: ASSETS, dropConnection: true });
			await expect(fetch(`${env.sim.url}${ASSETS}`)).rejects.toThrow();
			expect((await call('GET', ASSETS)).status).toBe(200);
		});

		it('lose the answer after the handler did its work (lostAnswer), with or without a delay', async () => {
			// the login's work is done server-side: its token's jti is spent, so the same token is refused after
			const token = signMixin(env.ed.privateKey, env.claims());
			env.sim.fault({ method: 'POST', path: /mixin\/me$/, lostAnswer: true });
			await expect(env.login(token)).rejects.toThrow();
			const lost = env.sim.requests.at(-1);
			expect(lost).toMatchObject({ status: 0, faulted: true, lostStatus: 200 });
			expect((await env.login(token)).json.message).toMatch(/jti already used/);
			// a delay holds the lost answer: a client with a shorter timeout times out first
			await call('POST', '/__sim/fault', { body: { path: ASSETS, lostAnswer: true, delayMs: 300 } });
			const t = performance.now();
			await expect(fetch(`${env.sim.url}${ASSETS}`, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/timeout|abort/i);
			expect(performance.now() - t).toBeLessThan(250);
			expect(env.sim.requests.at(-1)).toMatchObject({ status: 0, lostStatus: 200 });
			expect((await call('GET', ASSETS)).status).toBe(200);
		});

		it('take the whole service down (503, or connections closed unanswered) and bring it back, the control endpoints still up', async () => {
			const token = await bearer();
			env.sim.fault({ path: ASSETS, status: 418 });
			expect(await call('POST', '/__sim/down', { body: {} })).toMatchObject({ json: { ok: true, down: true } });
			const out = await call('GET', '/api/v2/users/me', { token });
			expect(out.status).toBe(503);
			expect(out.json).toMatchObject({ success: false });
			expect((await call('GET', '/__sim/stats')).json).toMatchObject({ down: true, pendingFaults: 1 });
			await call('POST', '/__sim/down', { body: { refuse: true } });
			await expect(fetch(`${env.sim.url}${ASSETS}`)).rejects.toThrow();
			expect(await call('POST', '/__sim/down', { body: { down: false } })).toMatchObject({ json: { ok: true, down: false } });
			// the pending fault waited for the service to come back
			expect((await call('GET', ASSETS)).status).toBe(418);
			expect((await call('GET', '/api/v2/users/me', { token })).status).toBe(200);
			await call('POST', '/__sim/down', { body: { status: 502, html: true } });
			const proxy = await call('GET', ASSETS);
			expect([proxy.status, proxy.headers.get('content-type')]).toEqual([502, 'text/html']);
			await call('POST', '/__sim/down', { body: { down: false } });
			expect(env.sim.requests.map((r: any) => [r.status, Boolean(r.down)])).toEqual([
				[200, false],
				[503, true],
				[0, true],
				[418, false],
				[200, false],
				[502, true],
			]);
			expect((await call('POST', '/__sim/down', { body: { status: 200 } })).status).toBe(400);
		});

		it('count requests, log them, and reset; /__sim endpoints are not counted', async () => {
			const token = await bearer();
			await call('GET', '/api/v2/users/me', { token });
			await call('GET', '/api/v2/users/me', { token });
			expect(env.sim.count('GET', '/api/v2/users/me')).toBe(2);
			expect(env.sim.count('POST', /mixin/)).toBe(1);
			expect(env.sim.count(null)).toBe(3);
			const last = env.sim.requests.at(-1);
			expect(last).toMatchObject({ method: 'GET', path: '/api/v2/users/me', status: 200 });
			expect(last.headers.authorization).toBe(`Bearer ${token}`);
			const login0 = env.sim.requests[0];
			expect(JSON.parse(login0.rawBody)).toEqual(login0.body);
			const stats = await call('GET', '/__sim/stats');
			expect(stats.json.counts).toEqual({ 'POST /api/v2/mixin/me': 1, 'GET /api/v2/users/me': 2 });
			await call('POST', '/__sim/reset');
			expect(env.sim.count(null)).toBe(0);
		});

		it('drive the clock and faults over HTTP', async () => {
			const before = env.sim.clock.now();
			const r = await call('POST', '/__sim/clock', { body: { advanceMs: 3600_000 } });
			expect(r.json.nowMs).toBeGreaterThanOrEqual(before + 3600_000);
			env.sim.clock.advance(-3600_000);
			await call('POST', '/__sim/fault', { body: { pathRegex: 'convert/assets$', status: 418 } });
			expect((await call('GET', ASSETS)).status).toBe(418);
			expect((await call('GET', ASSETS)).status).toBe(200);
		});
	});

	describe('canned answers', () => {
		const ME = '/api/v2/users/me';
		const ASSETS = '/api/v2/convert/assets';
		const canned = { code: 0, success: true, message: '', data: { userId: 'canned-user' } };

		it('answer one route with the canned body instead of the real logic, logged and counted, until reset', async () => {
			env.sim.respond({ method: 'GET', path: ME, body: canned, headers: { 'X-Canned': 'yes' } });
			// No bearer: the real handler would refuse it.
			const first = await call('GET', ME);
			expect(first.status).toBe(200);
			expect(first.json).toEqual(canned);
			expect(first.headers.get('content-type')).toContain('application/json');
			expect(first.headers.get('x-canned')).toBe('yes');
			expect((await call('GET', `${ME}/`)).json).toEqual(canned);
			expect((await call('GET', ASSETS)).json.data.length).toBeGreaterThan(3);
			expect(env.sim.count('GET', ME)).toBe(2);
			expect(env.sim.requests.filter((r: any) => r.path.startsWith(ME)).map((r: any) => [r.status, r.canned])).toEqual([
				[200, true],
				[200, true],
			]);
			expect((await call('GET', '/__sim/stats')).json.cannedAnswers).toBe(1);
			env.sim.reset();
			expect((await call('GET', ME)).status).toBe(401);
		});

		it('are used in the order given, each its number of times, after any pending fault', async () => {
			env.sim.respond({ path: ASSETS, status: 202, body: 'plain words', times: 1 });
			env.sim.respond({ method: 'GET', path: /convert\/assets$/, times: 1 });
			env.sim.fault({ path: ASSETS, status: 503 });
			expect((await call('GET', ASSETS)).status).toBe(503);
			const text = await call('GET', ASSETS);
			expect([text.status, text.text, text.headers.get('content-type')]).toEqual([202, 'plain words', 'text/plain; charset=utf-8']);
			const empty = await call('GET', ASSETS);
			expect([empty.status, empty.text]).toEqual([200, '']);
			expect((await call('GET', ASSETS)).json.success).toBe(true);
			expect(() => env.sim.respond({ body: canned })).toThrow(/needs a path/);
		});

		it('can be given over HTTP, with a path regex', async () => {
			const r = await call('POST', '/__sim/respond', { body: { pathRegex: 'users/me$', body: canned, times: 1 } });
			expect(r.json).toEqual({ ok: true, cannedAnswers: 1 });
			expect((await call('GET', ME)).json).toEqual(canned);
			expect((await call('GET', ME)).status).toBe(401);
		});
	});
});

describe('the shared core', () => {
	it('has the down switch as a function too', async () => {
		const sim = await startHttpSim({ handler: (ctx: any) => ctx.send(200, { ok: true }) });
		try {
			expect(sim.isDown()).toBe(false);
			sim.down({ status: 500 });
			expect([sim.isDown(), (await fetch(`${sim.url}/x`)).status]).toEqual([true, 500]);
			sim.down(false);
			expect([sim.isDown(), (await fetch(`${sim.url}/x`)).status]).toEqual([false, 200]);
			expect(() => sim.down({ status: 200 })).toThrow(/error status/);
		} finally {
			await sim.close();
		}
	});
});

describe('Rainbow simulator', () => {
	it('has canned answers too, which skip its token check', async () => {
		const sim = await startRainbowSimulator({ rateLimit: null });
		try {
			const call = client(() => sim.url);
			sim.respond({ method: 'GET', path: '/v1/tx/7', body: { hash: '0xabc', is_finalized: false } });
			const r = await call('GET', '/v1/tx/7');
			expect([r.status, r.json]).toEqual([200, { hash: '0xabc', is_finalized: false }]);
			expect((await call('GET', '/v1/tx/8')).json).toMatchObject({ code: 40101 });
			expect(sim.count('GET', /^\/v1\/tx\//)).toBe(2);
		} finally {
			await sim.close();
		}
	});
});
