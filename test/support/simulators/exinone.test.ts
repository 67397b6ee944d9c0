import crypto from 'node:crypto';
import { startExinOneSimulator, EXINONE_AUD } from './exinone';
import { createClock } from './clock';

const ME_SIG = crypto.createHash('sha256').update('GET/me').digest('hex');
const USER_ID = '7b3f0a5e-2a4c-4f3b-9a55-0d1c1f8f0001';
const SESSION_ED = 'a1b2c3d4-0000-4000-8000-00000000ed01';
const SESSION_RSA = 'a1b2c3d4-0000-4000-8000-00000000a5a1';

const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

function signMixin(key: crypto.KeyObject, claims: Record<string, unknown>, alg = 'EdDSA'): string {
	const input = `${b64u({ alg, typ: 'JWT' })}.${b64u(claims)}`;
	const sig = alg === 'RS512' ? crypto.sign('sha512', Buffer.from(input), key) : crypto.sign(null, Buffer.from(input), key);
	return `${input}.${sig.toString('base64url')}`;
}

describe('ExinOne simulator', () => {
	const ed = crypto.generateKeyPairSync('ed25519');
	const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
	let sim: any;

	const nowS = () => Math.floor(sim.clock.now() / 1000);
	const claims = (over: Record<string, unknown> = {}) => ({
		uid: USER_ID,
		sid: SESSION_ED,
		iat: nowS(),
		exp: nowS() + 3600,
		jti: crypto.randomUUID(),
		sig: ME_SIG,
		scp: 'FULL',
		aud: EXINONE_AUD,
		...over,
	});
	const call = async (method: string, path: string, opts: { body?: unknown; token?: string; raw?: string } = {}) => {
		const headers: Record<string, string> = {};
		if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
		if (opts.token) headers.authorization = `Bearer ${opts.token}`;
		const res = await fetch(`${sim.url}${path}`, {
			method,
			headers,
			body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
		});
		const text = await res.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	};
	const login = (token: string) => call('POST', '/api/v2/mixin/me', { body: { token } });
	const bearer = async () => {
		const r = await login(signMixin(ed.privateKey, claims()));
		expect(r.status).toBe(200);
		return r.json.data.token as string;
	};

	beforeAll(async () => {
		sim = await startExinOneSimulator({ clock: createClock() });
		sim.registerSession({ userId: USER_ID, sessionId: SESSION_ED, publicKey: ed.publicKey, algorithm: 'EdDSA' });
		// the RSA session is registered over the control endpoint, as a demo in another process would
		const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
		const r = await call('POST', '/__sim/sessions', {
			body: { userId: USER_ID, sessionId: SESSION_RSA, publicKeyPem: pem, algorithm: 'RS512' },
		});
		expect(r.status).toBe(200);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(() => sim.reset());

	describe('POST /mixin/me', () => {
		it('exchanges a good EdDSA Mixin token for a 24 h HS256 bearer', async () => {
			const r = await login(signMixin(ed.privateKey, claims()));
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({ code: '0', success: true, message: '', data: { tokenType: 'Bearer', expiresIn: 86400 } });
			expect(typeof r.json.timestampMs).toBe('number');
			const [h, p] = r.json.data.token.split('.');
			expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
			const c = JSON.parse(Buffer.from(p, 'base64url').toString());
			expect(c).toMatchObject({ uid: USER_ID, sid: SESSION_ED });
			expect(c.exp - c.iat).toBe(86400);
			// the Date header comes from the simulator clock
			expect(Math.abs(Date.parse(r.headers.get('date')!) - sim.clock.now())).toBeLessThan(2000);
		});

		it('accepts an RS512 token for a legacy RSA session', async () => {
			const r = await login(signMixin(rsa.privateKey, claims({ sid: SESSION_RSA }), 'RS512'));
			expect(r.status).toBe(200);
			expect(r.json.success).toBe(true);
		});

		it('accepts an Ed25519 session registered as raw hex', async () => {
			const kp = crypto.generateKeyPairSync('ed25519');
			const raw = Buffer.from(kp.publicKey.export({ format: 'jwk' }).x as string, 'base64url');
			const sid = crypto.randomUUID();
			sim.registerSession({ userId: USER_ID, sessionId: sid, publicKey: raw.toString('hex'), algorithm: 'EdDSA' });
			expect((await login(signMixin(kp.privateKey, claims({ sid })))).status).toBe(200);
		});

		const other = crypto.generateKeyPairSync('ed25519');
		const none = () => `${b64u({ alg: 'none', typ: 'JWT' })}.${b64u(claims())}.`;
		const hs256 = () => {
			const input = `${b64u({ alg: 'HS256', typ: 'JWT' })}.${b64u(claims())}`;
			return `${input}.${crypto.createHmac('sha256', 'secret').update(input).digest('base64url')}`;
		};
		const cases: [string, () => string, RegExp][] = [
			['a token signed with the wrong key', () => signMixin(other.privateKey, claims()), /signature/],
			['a wrong sig claim', () => signMixin(ed.privateKey, claims({ sig: crypto.createHash('sha256').update('POST/me').digest('hex') })), /sig claim/],
			['a wrong aud', () => signMixin(ed.privateKey, claims({ aud: crypto.randomUUID() })), /aud/],
			['a missing aud', () => signMixin(ed.privateKey, claims({ aud: undefined })), /aud/],
			['a wrong scope', () => signMixin(ed.privateKey, claims({ scp: 'PROFILE:READ' })), /scp/],
			['an expired token', () => signMixin(ed.privateKey, claims({ iat: nowS() - 7200, exp: nowS() - 10 })), /expired/],
			['an iat more than 300 s in the future', () => signMixin(ed.privateKey, claims({ iat: nowS() + 400, exp: nowS() + 4000 })), /future/],
			['a missing jti', () => signMixin(ed.privateKey, claims({ jti: undefined })), /jti/],
			['alg none', none, /unsupported alg/],
			['alg HS256', hs256, /unsupported alg/],
			['an unknown sid', () => signMixin(ed.privateKey, claims({ sid: crypto.randomUUID() })), /session/],
			['a uid that is not the session user', () => signMixin(ed.privateKey, claims({ uid: crypto.randomUUID() })), /uid/],
			['RS512 against an EdDSA session', () => signMixin(rsa.privateKey, claims(), 'RS512'), /alg/],
			['a malformed token', () => 'not-a-jwt', /malformed/],
		];
		it.each(cases)('rejects %s with 401 and the ExinOne envelope', async (_name, make, reason) => {
			const r = await login(make());
			expect(r.status).toBe(401);
			expect(r.json).toMatchObject({ code: '401', success: false, data: [] });
			expect(r.json.message).toMatch(reason);
		});

		it('rejects a reused jti', async () => {
			const token = signMixin(ed.privateKey, claims());
			expect((await login(token)).status).toBe(200);
			const again = await login(token);
			expect(again.status).toBe(401);
			expect(again.json.message).toMatch(/jti/);
		});

		it('asks for the token field with a validation error', async () => {
			const r = await call('POST', '/api/v2/mixin/me', { body: {} });
			expect(r.status).toBe(422);
			expect(r.json).toMatchObject({ code: '10001', success: false, message: '参数错误', data: { token: ['token is required'] } });
		});
	});

	describe('bearer-protected endpoints', () => {
		it('serve /users/me with the bearer, with an integer code', async () => {
			const token = await bearer();
			const r = await call('GET', '/api/v2/users/me', { token });
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({ code: 0, success: true, data: { userId: USER_ID, sessionId: SESSION_ED } });
		});

		it('refuse a missing or forged bearer', async () => {
			expect((await call('GET', '/api/v2/users/me')).json).toMatchObject({ code: '401', success: false, message: 'Unauthenticated.' });
			const token = await bearer();
			const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
			expect((await call('GET', '/api/v2/users/me', { token: forged })).status).toBe(401);
		});

		it('stop working after 24 h on the simulator clock', async () => {
			const clock = createClock();
			const s2 = await startExinOneSimulator({ clock });
			try {
				s2.registerSession({ userId: USER_ID, sessionId: SESSION_ED, publicKey: ed.publicKey });
				const nowS2 = Math.floor(clock.now() / 1000);
				const res = await fetch(`${s2.baseUrl}/mixin/me`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ token: signMixin(ed.privateKey, claims({ iat: nowS2, exp: nowS2 + 600 })) }),
				});
				const token = ((await res.json()) as any).data.token;
				const me = () => fetch(`${s2.baseUrl}/users/me`, { headers: { authorization: `Bearer ${token}` } });
				expect((await me()).status).toBe(200);
				clock.advance(24 * 3600 * 1000 - 60_000);
				expect((await me()).status).toBe(200);
				clock.advance(61_000);
				const r = await me();
				expect(r.status).toBe(401);
				expect(((await r.json()) as any).message).toBe('token expired');
			} finally {
				await s2.close();
			}
		});

		it('stop working after revokeTokens(), and a new login works', async () => {
			const token = await bearer();
			sim.revokeTokens();
			expect((await call('GET', '/api/v2/users/me', { token })).status).toBe(401);
			const fresh = await bearer();
			expect((await call('GET', '/api/v2/users/me', { token: fresh })).status).toBe(200);
			await call('POST', '/__sim/revoke');
			expect((await call('GET', '/api/v2/users/me', { token: fresh })).status).toBe(401);
		});

		it('are not affected by a mocked client Date.now', async () => {
			const token = await bearer();
			const spy = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2001, 0, 1));
			try {
				expect(sim.clock.now()).toBeGreaterThan(Date.UTC(2020, 0, 1));
				expect((await call('GET', '/api/v2/users/me', { token })).status).toBe(200);
			} finally {
				spy.mockRestore();
			}
		});

		it('page /convert/order/lists with meta', async () => {
			const token = await bearer();
			const p1 = await call('GET', '/api/v2/convert/order/lists?page=1&limit=10', { token });
			expect(p1.json).toMatchObject({ code: 0, success: true, meta: { total: 25, count: 10, perPage: 10, currentPage: 1 } });
			expect(p1.json.data).toHaveLength(10);
			expect(p1.json.meta.nextLink).toContain('page=2');
			const p2 = await call('GET', p1.json.meta.nextLink.slice(sim.url.length), { token });
			expect(p2.json.meta.currentPage).toBe(2);
			expect(p2.json.data[0].payTraceId).not.toBe(p1.json.data[0].payTraceId);
			const p3 = await call('GET', '/api/v2/convert/order/lists?page=3&limit=10', { token });
			expect(p3.json.meta).toMatchObject({ count: 5, nextLink: null });
			const bad = await call('GET', '/api/v2/convert/order/lists?page=0', { token });
			expect(bad.status).toBe(422);
			expect(bad.json.code).toBe('10001');
			const day = p1.json.data[0].createdAt.slice(0, 10);
			const filtered = await call('GET', `/api/v2/convert/order/lists?dateStart=${day}&dateEnd=${day}&limit=100`, { token });
			expect(filtered.json.data.length).toBeGreaterThan(0);
			expect(filtered.json.data.every((o: any) => o.createdAt.startsWith(day))).toBe(true);
		});

		it('answer the wallet, referral, fund pool and loan endpoints', async () => {
			const token = await bearer();
			const list = await call('GET', '/api/v2/wallet/asset', { token });
			expect(list.json.data.length).toBeGreaterThan(3);
			const usdt = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
			const one = await call('GET', `/api/v2/wallet/asset?assetUuid=${usdt}&wallet=epc`, { token });
			expect(one.json.data).toMatchObject({ assetUuid: usdt, wallet: 'epc', balance: expect.stringMatching(/^\d+\.\d{8}$/) });
			expect((await call('GET', '/api/v2/wallet/asset?wallet=nope', { token })).status).toBe(422);
			expect((await call('GET', '/api/v2/referral_statistics/me', { token })).json.success).toBe(true);
			expect((await call('GET', '/api/v2/fund_pool', { token })).json.code).toBe('0');
			expect((await call('GET', '/api/v2/fund_pool/asset', { token })).json.data).toEqual({ assetUuid: ['assetUuid is required'] });
			const loans = await call('GET', '/api/v2/loan/list?limit=5', { token });
			expect(loans.json.meta).toMatchObject({ total: 12, count: 5 });
			const detail = await call('GET', `/api/v2/loan/detail?loanId=${loans.json.data[0].loanId}`, { token });
			expect(detail.json.data.loanId).toBe(loans.json.data[0].loanId);
			expect((await call('GET', '/api/v2/loan/repayment/list', { token })).json.meta.total).toBe(15);
			expect((await call('GET', '/api/v2/loan/available', { token })).json.success).toBe(true);
			expect((await call('GET', '/api/v2/loan', { token })).json.data.loanCount).toBe(12);
			expect((await call('GET', `/api/v2/loan/repayment/status?traceId=${crypto.randomUUID()}`, { token })).status).toBe(404);
		});

		it('validate and record POST /epc_authentication/transfer and /convert/pay', async () => {
			const token = await bearer();
			const usdt = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
			const btc = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
			const missing = await call('POST', '/api/v2/epc_authentication/transfer', { token, body: { assetUuid: usdt } });
			expect(missing.status).toBe(422);
			expect(Object.keys(missing.json.data).sort()).toEqual(['amount', 'opponentId']);
			const opponentId = crypto.randomUUID();
			const t = await call('POST', '/api/v2/epc_authentication/transfer', { token, body: { assetUuid: usdt, amount: '1.5', opponentId, memo: 'hi' } });
			expect(t.json).toMatchObject({ code: 0, success: true, data: { amount: '1.50000000', opponentId, memo: 'hi' } });
			expect(sim.state.transfers.at(-1).body).toEqual({ assetUuid: usdt, amount: '1.5', opponentId, memo: 'hi' });
			const poor = await call('POST', '/api/v2/epc_authentication/transfer', { token, body: { assetUuid: usdt, amount: '999999', opponentId } });
			expect(poor.status).toBe(400);
			expect(poor.json).toMatchObject({ code: '20005', success: false, message: '余额不足' });

			const payTraceId = crypto.randomUUID();
			const pay = await call('POST', '/api/v2/convert/pay', { token, body: { payAssetUuid: usdt, payAssetAmount: '100', receiveAssetUuid: btc, payTraceId } });
			expect(pay.json).toMatchObject({ success: true, data: { payTraceId, status: 'done' } });
			const detail = await call('GET', `/api/v2/convert/order/detail?payTraceId=${payTraceId}`);
			expect(detail.json.data.receiveAmount).toBe(pay.json.data.receiveAmount);
			const dup = await call('POST', '/api/v2/convert/pay', { token, body: { payAssetUuid: usdt, payAssetAmount: '1', receiveAssetUuid: btc, payTraceId } });
			expect(dup.json).toMatchObject({ code: '20006', success: false });
		});
	});

	describe('public endpoints', () => {
		it('need no token', async () => {
			const assets = await call('GET', '/api/v2/convert/assets');
			expect(assets.json).toMatchObject({ code: '0', success: true });
			const btc = assets.json.data.find((a: any) => a.symbol === 'BTC').assetUuid;
			const usdt = assets.json.data.find((a: any) => a.symbol === 'USDT').assetUuid;
			const est = await call('GET', `/api/v2/convert/estimate/amount?payAssetUuid=${btc}&payAssetAmount=0.01&receiveAssetUuid=${usdt}&withRange=1`);
			expect(est.json.data).toMatchObject({ payAssetAmount: '0.01000000', range: { min: expect.any(String), max: expect.any(String) } });
			const miss = await call('GET', `/api/v2/convert/estimate/amount?payAssetUuid=${btc}`);
			expect(miss.status).toBe(422);
			expect(miss.json).toMatchObject({
				code: '10001',
				success: false,
				message: '参数错误',
				data: { payAssetAmount: ['payAssetAmount is required'], receiveAssetUuid: ['receiveAssetUuid is required'] },
			});
			const unknown = await call('GET', `/api/v2/convert/order/detail?payTraceId=${crypto.randomUUID()}`);
			expect(unknown.status).toBe(404);
			expect(unknown.json).toMatchObject({ code: '20004', success: false, message: '订单不存在' });
		});
	});

	describe("errorStatus 'ok200'", () => {
		it('sends every error with HTTP 200 and success:false', async () => {
			const s2 = await startExinOneSimulator({ errorStatus: 'ok200' });
			try {
				const r = await fetch(`${s2.baseUrl}/users/me`);
				expect(r.status).toBe(200);
				expect(await r.json()).toMatchObject({ code: '401', success: false });
				const v = await fetch(`${s2.baseUrl}/convert/order/detail`);
				expect(v.status).toBe(200);
				expect(((await v.json()) as any).code).toBe('10001');
			} finally {
				await s2.close();
			}
		});
	});

	describe('faults, counters and control endpoints', () => {
		const ASSETS = '/api/v2/convert/assets';

		it('inject a status with Retry-After, FIFO and limited by times', async () => {
			sim.fault({ path: ASSETS, status: 503, retryAfter: 7, times: 2 });
			sim.fault({ path: ASSETS, status: 500 });
			const a = await call('GET', ASSETS);
			expect(a.status).toBe(503);
			expect(a.headers.get('retry-after')).toBe('7');
			expect(a.json).toMatchObject({ success: false });
			expect((await call('GET', ASSETS)).status).toBe(503);
			expect((await call('GET', ASSETS)).status).toBe(500);
			expect((await call('GET', ASSETS)).status).toBe(200);
			expect(sim.count('GET', ASSETS)).toBe(4);
		});

		it('inject an HTML error page', async () => {
			sim.fault({ method: 'POST', path: /mixin\/me$/, html: true, status: 502 });
			const r = await login('whatever');
			expect(r.status).toBe(502);
			expect(r.headers.get('content-type')).toContain('text/html');
			expect(r.text).toContain('<html>');
		});

		it('inject a delay with a 429 and Retry-After, and a delay-only slow answer', async () => {
			sim.fault({ path: ASSETS, delayMs: 150, status: 429, retryAfter: 2 });
			let t = performance.now();
			const r = await call('GET', ASSETS);
			expect(performance.now() - t).toBeGreaterThanOrEqual(140);
			expect(r.status).toBe(429);
			expect(r.headers.get('retry-after')).toBe('2');
			sim.fault({ path: ASSETS, delayMs: 100 });
			t = performance.now();
			const slow = await call('GET', ASSETS);
			expect(performance.now() - t).toBeGreaterThanOrEqual(90);
			expect(slow.status).toBe(200);
		});

		it('drop the connection', async () => {
			sim.fault({ path: ASSETS, dropConnection: true });
			await expect(fetch(`${sim.url}${ASSETS}`)).rejects.toThrow();
			expect((await call('GET', ASSETS)).status).toBe(200);
		});

		it('count requests, log them, and reset; /__sim endpoints are not counted', async () => {
			const token = await bearer();
			await call('GET', '/api/v2/users/me', { token });
			await call('GET', '/api/v2/users/me', { token });
			expect(sim.count('GET', '/api/v2/users/me')).toBe(2);
			expect(sim.count('POST', /mixin/)).toBe(1);
			expect(sim.count(null)).toBe(3);
			const last = sim.requests.at(-1);
			expect(last).toMatchObject({ method: 'GET', path: '/api/v2/users/me', status: 200 });
			expect(last.headers.authorization).toBe(`Bearer ${token}`);
			const login0 = sim.requests[0];
			expect(JSON.parse(login0.rawBody)).toEqual(login0.body);
			const stats = await call('GET', '/__sim/stats');
			expect(stats.json.counts).toEqual({ 'POST /api/v2/mixin/me': 1, 'GET /api/v2/users/me': 2 });
			await call('POST', '/__sim/reset');
			expect(sim.count(null)).toBe(0);
		});

		it('drive the clock and faults over HTTP', async () => {
			const before = sim.clock.now();
			const r = await call('POST', '/__sim/clock', { body: { advanceMs: 3600_000 } });
			expect(r.json.nowMs).toBeGreaterThanOrEqual(before + 3600_000);
			sim.clock.advance(-3600_000);
			await call('POST', '/__sim/fault', { body: { pathRegex: 'convert/assets$', status: 418 } });
			expect((await call('GET', ASSETS)).status).toBe(418);
			expect((await call('GET', ASSETS)).status).toBe(200);
		});
	});
});
