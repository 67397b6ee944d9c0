import { createHmac } from 'node:crypto';

import type { AuthAnswer, AuthCallContext } from '../../../credentials/common/auth-http';
import { CredentialError } from '../../../credentials/common/errors';
import {
	parseRainbowExpire,
	rainbowFingerprint,
	rainbowGrant,
	readTokenAnswer,
} from '../../../credentials/rainbow/rainbow-service';

const SECRET = 'app-secret-never-shown-0123456789';
const call: AuthCallContext = { action: 'Rainbow login', check: 'Check the App ID and App Secret.', secrets: [SECRET] };

function jwt(claims: object): string {
	const enc = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
	return `${input}.${createHmac('sha256', 'k').update(input).digest('base64url')}`;
}

function answer(status: number, body: unknown, extra: Partial<AuthAnswer> = {}): AuthAnswer {
	const isJson = typeof body === 'object' || (typeof body === 'string' && extra.isJson !== false);
	return { status, body, isJson, isHtml: false, clockOffsetMs: 0, receivedAt: 1_700_000_000_000, ...extra };
}

describe('Rainbow token answers', () => {
	const token = jwt({ id: 'app', orig_iat: 1_700_000_000, exp: 1_700_003_600 });

	test.each([
		['object', { token, expire: '2023-11-15T06:13:20.1234567+08:00' }],
		['envelope', { code: 0, data: { token, expire: '2023-11-15T06:13:20.1234567+08:00' } }],
		['bare JWT', token],
	])('reads the %s form', (_form, body) => {
		expect(readTokenAnswer(answer(200, body), call).token).toBe(token);
	});

	test('a 2xx with a non-zero code is an error with the server message and code', () => {
		expect(() => readTokenAnswer(answer(200, { code: 40100, message: 'incorrect app_id or app_secret' }), call)).toThrow(
			/Rainbow login was refused \(HTTP 200, code 40100\): incorrect app_id or app_secret/,
		);
	});

	test('a refusal is marked refused (so a refresh falls back to login); a 5xx is not', () => {
		const refused = (() => { try { readTokenAnswer(answer(401, { code: 40104, message: 'token is expired' }), call); } catch (e) { return e as CredentialError; } })();
		expect(refused?.refused).toBe(true);
		const down = (() => { try { readTokenAnswer(answer(503, { code: 50000, message: 'down' }), call); } catch (e) { return e as CredentialError; } })();
		expect(down?.refused).toBe(false);
		expect(down?.message).toMatch(/internal error \(HTTP 503, code 50000\): down/);
	});

	test('HTML and non-JSON answers say so and point at the Base URL', () => {
		const html = answer(502, '<html>Bad gateway</html>', { isJson: false, isHtml: true });
		expect(() => readTokenAnswer(html, call)).toThrow(/HTTP 502 with an HTML page/);
		expect(() => readTokenAnswer(answer(200, { hello: 'world' }), call)).toThrow(/no token/);
	});

	test('a server that echoes the secret does not get it into our message', () => {
		try {
			readTokenAnswer(answer(401, { code: 40100, message: `bad secret ${SECRET}` }), call);
			throw new Error('expected a failure');
		} catch (error) {
			expect(String((error as Error).message)).not.toContain(SECRET);
			expect(String((error as Error).message)).toContain('[redacted]');
		}
	});

	test('expire with 7 fractional digits and a zone offset is read', () => {
		expect(parseRainbowExpire('2022-08-31T15:54:04.2046805+08:00')).toBe(Date.UTC(2022, 7, 31, 7, 54, 4, 204));
		expect(parseRainbowExpire('nonsense')).toBeUndefined();
	});

	test('expiry is the earlier of expire and exp; refresh window from orig_iat; both moved to our clock', () => {
		const long = jwt({ id: 'app', orig_iat: 1_700_000_000, exp: 1_800_000_000 });
		const expire = new Date(1_700_003_600_000).toISOString();
		// The server's clock is 10 minutes ahead of ours.
		const skewed = answer(200, {}, { clockOffsetMs: 600_000, receivedAt: 1_700_000_000_000 - 600_000 });
		const grant = rainbowGrant(long, expire, skewed);
		expect(grant.expiresAt).toBe(1_700_003_600_000 - 600_000);
		expect(grant.refreshUntil).toBe(1_700_000_000_000 + 5 * 3_600_000 - 600_000);
	});

	test('without claims or expire: the documented 1 h and 5 h from now', () => {
		const grant = rainbowGrant('opaque.token.x', undefined, answer(200, {}));
		expect(grant.expiresAt).toBe(1_700_000_000_000 + 3_600_000);
		expect(grant.refreshUntil).toBe(1_700_000_000_000 + 5 * 3_600_000);
	});

	test('the fingerprint changes with the secret, app and base URL, and does not contain the secret', () => {
		const base = { appId: 'app', appSecret: SECRET, baseUrl: 'https://api.nftrainbow.cn' };
		const fp = rainbowFingerprint(base);
		expect(rainbowFingerprint({ ...base, appSecret: `${SECRET}x` })).not.toBe(fp);
		expect(rainbowFingerprint({ ...base, appId: 'app2' })).not.toBe(fp);
		expect(rainbowFingerprint({ ...base, baseUrl: 'https://api.nftrainbow.xyz' })).not.toBe(fp);
		expect(fp).not.toContain(SECRET);
		expect(rainbowFingerprint({ ...base })).toBe(fp);
	});
});
