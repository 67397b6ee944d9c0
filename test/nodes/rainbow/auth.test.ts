/**
 * The Rainbow node's auth resource (nodes/Rainbow/resources/auth.ts): an explicit login, and a refresh
 * of a given token or of the one the credential holds.
 */
import { NodeOperationError } from 'n8n-workflow';

import { bearerOf, captureError } from '../../support/lifecycle';
import { SECRET, useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;

const logins = () => env.sim.count('POST', '/v1/login');
const refreshes = () => env.sim.requests.filter((r) => r.path === '/v1/refresh_token');
/** Go's time.Time text as the simulator sends it: 7 fractional digits and +08:00. */
const GO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+08:00$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('auth', () => {
	test('login outputs the token, the server\'s expire text and expiresAt as ISO', async () => {
		const output = await run({ resource: 'auth', operation: 'login' });
		expect(logins()).toBe(1);
		expect(env.sim.requests[0].body).toEqual({ app_id: env.appId, app_secret: SECRET });
		expect(jsonOf(output)).toEqual([{ token: expect.stringMatching(/^ey/), expire: expect.stringMatching(GO_TIME), expiresAt: expect.stringMatching(ISO) }]);
		const { expire, expiresAt } = output[0].json as { expire: string; expiresAt: string };
		expect(Math.abs(Date.parse(expiresAt) - Date.parse(expire.replace(/(\.\d{3})\d+/, '$1')))).toBeLessThan(1000);
		expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(3600_000 - 60_000);
		expectPaired(output);
	});

	test('login answered with a bare JWT (no expire) falls back to the ISO expiry', async () => {
		env.sim.setLoginFormat('bare');
		const [item] = await run({ resource: 'auth', operation: 'login' });
		expect(item.json.expire).toBe(item.json.expiresAt);
		expect(item.json.expiresAt).toMatch(ISO);
	});

	test('a refused login is a node error with the service message, never the secret', async () => {
		env.store.edit('cred-1', { appSecret: 'wrong-secret-000000' });
		const error = await captureError(run({ resource: 'auth', operation: 'login' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/Rainbow login was refused \(HTTP 401, code 40100\): incorrect app_id or app_secret/);
		expect(JSON.stringify(error)).not.toContain('wrong-secret-000000');
	});

	test('refreshToken refreshes the given token with GET /v1/refresh_token', async () => {
		const [login] = await run({ resource: 'auth', operation: 'login' });
		const output = await run({ resource: 'auth', operation: 'refreshToken', token: login.json.token });
		expect(refreshes()).toHaveLength(1);
		expect(bearerOf(refreshes()[0])).toBe(login.json.token);
		expect(jsonOf(output)).toEqual([{ token: expect.stringMatching(/^ey/), expire: expect.stringMatching(GO_TIME), expiresAt: expect.stringMatching(ISO) }]);
		expect(logins()).toBe(1);
	});

	test('refreshToken without a token refreshes the one the credential holds', async () => {
		await run({ resource: 'contract', operation: 'getMany', limit: 1 });
		const stored = env.store.get('cred-1').data.accessToken as string;
		expect(stored).toMatch(/^ey/);
		const [item] = await run({ resource: 'auth', operation: 'refreshToken', token: '' });
		expect(refreshes()).toHaveLength(1);
		expect(bearerOf(refreshes()[0])).toBe(stored);
		expect(item.json.token).toMatch(/^ey/);
	});

	test('refreshToken at its defaults refreshes the token of its input item: a Login step chained before it', async () => {
		const [login] = await run({ resource: 'auth', operation: 'login' });
		const [item] = await run({ resource: 'auth', operation: 'refreshToken' }, { items: [{ json: login.json }] });
		expect(refreshes()).toHaveLength(1);
		expect(bearerOf(refreshes()[0])).toBe(login.json.token);
		expect(item.json.token).toMatch(/^ey/);
		// The chained login did not store its token in the credential: the item's was the one to refresh.
		expect(env.store.get('cred-1').data.accessToken).toBe('');
	});

	test('refreshToken with no token anywhere says how to chain it, and sends nothing', async () => {
		const error = await captureError(run({ resource: 'auth', operation: 'refreshToken' }, { items: [{ json: { other: 1 } }] }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('There is no token to refresh');
		expect((error as NodeOperationError).description).toMatch(/right after a Login step .* or put a token in the Token field/);
		expect(env.sim.requests).toHaveLength(0);
	});

	test('refreshToken of a refused token is a node error with the service message', async () => {
		const error = await captureError(run({ resource: 'auth', operation: 'refreshToken', token: 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/invalid JWT/);
		expect(refreshes()).toHaveLength(1);
	});
});
