/**
 * Base URL hygiene (credentials/common/settings.ts, auth-http.ts): a login or refresh never follows a
 * redirect (it would turn the POST into a GET, or post the secret to another host), a user:password in
 * the Base URL is refused without being shown, and a Rainbow Base URL copied with its `/v1` works.
 * Through n8n-core's real request helpers, against the Rainbow simulator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { readRainbowSettings } from '../../../credentials/rainbow/rainbow-service';
import { CredentialStore } from '../../support/n8n-context';
import { captureError, everythingIn, httpRequestNodePath } from '../../support/lifecycle';
import { freshProcess, UNPACED } from '../../support/process-state';
import { startRainbowSimulator } from '../../support/simulators';

type Sim = Awaited<ReturnType<typeof startRainbowSimulator>>;

const APP_ID = 'app-base-url';
const SECRET = 'rb-secret-base-url-0123456789';
let sim: Sim;
let store: CredentialStore;
let redirector: http.Server;
let redirectorUrl: string;
/** Requests the redirecting server got. */
let redirected: string[] = [];

beforeAll(async () => {
	sim = await startRainbowSimulator({ apps: [{ appId: APP_ID, appSecret: SECRET }], rateLimit: null });
	redirector = http.createServer((req, res) => {
		redirected.push(`${req.method} ${req.url}`);
		req.resume();
		res.writeHead(307, { location: `${sim.baseUrl}${req.url}` }).end();
	});
	await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
	redirectorUrl = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await sim.close();
	await new Promise((resolve) => redirector.close(resolve));
});
beforeEach(() => {
	freshProcess();
	sim.reset();
	redirected = [];
	store = new CredentialStore();
});

function credential(baseUrl: string) {
	store.put({ id: 'cred-1', name: 'Rainbow app', type: 'rainbowApi', data: { appId: APP_ID, appSecret: SECRET, baseUrl, accessToken: '', ...UNPACED } });
}
const contracts = (base: string) => httpRequestNodePath(store, 'rainbowApi', { method: 'GET', url: `${base}/v1/contracts/`, qs: { page: 1, limit: 1 }, json: true });

test('a Base URL that redirects: the login is not followed there, and the error names the field and the target', async () => {
	credential(redirectorUrl);
	const error = await captureError(contracts(sim.baseUrl));
	expect(error.message).toContain(`Rainbow login failed: ${redirectorUrl}/v1/login redirects (HTTP 307) to ${sim.baseUrl}/v1/login.`);
	expect((error as Error & { description?: string }).description).toMatch(/Base URL field/);
	expect(redirected).toEqual(['POST /v1/login']);
	// The secret was posted to the configured host only, never re-posted where it pointed.
	expect(sim.count('POST', '/v1/login')).toBe(0);
	expect(everythingIn(error)).not.toContain(SECRET);
});

test('a user and password in the Base URL are refused, naming the field, never showing the password', async () => {
	const password = 'hunter2-very-secret-password';
	credential(sim.baseUrl.replace('http://', `http://admin:${password}@`));
	const error = await captureError(contracts(sim.baseUrl));
	expect(error.message).toMatch(/The Base URL of the Rainbow API credential contains a user name or password/);
	expect(everythingIn(error)).not.toContain(password);
	expect(sim.requests).toHaveLength(0);
});

test.each(['/v1', '/v1/', '/V1//'])('a Rainbow Base URL ending in %s calls /v1/login, not /v1/v1/login', async (suffix) => {
	expect(readRainbowSettings({ appId: APP_ID, appSecret: SECRET, baseUrl: `${sim.baseUrl}${suffix}` }).baseUrl).toBe(sim.baseUrl);
	credential(`${sim.baseUrl}${suffix}`);
	await contracts(sim.baseUrl);
	expect(sim.count('POST', '/v1/login')).toBe(1);
	expect(sim.requests.filter((r) => r.path.startsWith('/v1/v1'))).toHaveLength(0);
});
