/**
 * The ExinOne simulator (exinone.js) is faithful to ExinOne where the package depends on it: /mixin/me
 * accepts exactly the Mixin tokens ExinOne accepts and answers in its envelope, its bearer lives 24 h on
 * the simulator's clock, and errors can come as HTTP 200 with `success: false`, as ExinOne's may.
 */
import crypto from 'node:crypto';

import { createClock } from './clock';
import { startExinOneSimulator } from './exinone';
import { SESSION_ED, SESSION_RSA, USER_ID, b64u, signMixin, useExinOneSim } from './test-clients';

describe('ExinOne simulator', () => {
	const env = useExinOneSim();
	const { call, login, bearer, claims, nowS, ed, rsa } = env;

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
			expect(Math.abs(Date.parse(r.headers.get('date')!) - env.sim.clock.now())).toBeLessThan(2000);
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
			env.sim.registerSession({ userId: USER_ID, sessionId: sid, publicKey: raw.toString('hex'), algorithm: 'EdDSA' });
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

		it('asks for the token field with a validation error, and refuses undefined fields', async () => {
			const r = await call('POST', '/api/v2/mixin/me', { body: {} });
			expect(r.status).toBe(422);
			expect(r.json).toEqual({ code: '10001', success: false, message: 'token 不能为空', data: { token: ['token 不能为空'] }, timestampMs: expect.any(Number) });
			expect((await call('POST', '/api/v2/mixin/me', { body: { token: 1 } })).json.data).toEqual({ token: ['token 必须是一个字符串'] });
			const extra = await call('POST', '/api/v2/mixin/me', { body: { token: signMixin(ed.privateKey, claims()), scope: 'FULL' } });
			expect(extra.json).toMatchObject({ code: '10001', message: 'scope 是未定义的参数', data: { scope: ['scope 是未定义的参数'] } });
		});
	});

	describe('bearer-protected endpoints', () => {
		it('serve /users/me with the bearer, with the string code "0" of the published pages', async () => {
			const token = await bearer();
			const r = await call('GET', '/api/v2/users/me', { token });
			expect(r.status).toBe(200);
			expect(r.json).toMatchObject({ code: '0', success: true, data: { uuid: USER_ID } });
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
			env.sim.revokeTokens();
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
				expect(env.sim.clock.now()).toBeGreaterThan(Date.UTC(2020, 0, 1));
				expect((await call('GET', '/api/v2/users/me', { token })).status).toBe(200);
			} finally {
				spy.mockRestore();
			}
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
});
