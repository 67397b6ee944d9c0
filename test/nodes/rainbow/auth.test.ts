/**
 * The Rainbow node's behaviour around the operations: explicit login and refresh, paging, the
 * service's errors (a 2xx with a non-zero code included), continue-on-fail, retries, envelopes, and a
 * multipart body re-sent after a refused token.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { bearerOf, captureError } from '../../support/lifecycle';
import { SECRET, useRainbowNode } from '../../support/rainbow-node';
import { binaryItem, expectPaired, jsonOf } from '../../support/run-node';

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

	test('refreshToken with no token anywhere says to log in first, and sends nothing', async () => {
		const error = await captureError(run({ resource: 'auth', operation: 'refreshToken' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('There is no token to refresh');
		expect((error as NodeOperationError).description).toMatch(/Run the Login operation/);
		expect(env.sim.requests).toHaveLength(0);
	});

	test('refreshToken of a refused token is a node error with the service message', async () => {
		const error = await captureError(run({ resource: 'auth', operation: 'refreshToken', token: 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/invalid JWT/);
		expect(refreshes()).toHaveLength(1);
	});
});

describe('paging', () => {
	test('Return All follows the pages until count is reached', async () => {
		const output = await run({ resource: 'mint', operation: 'getMany', returnAll: true, pageSize: 10 });
		const pages = env.calls();
		expect(pages.map((r) => r.query)).toEqual([
			{ page: '1', limit: '10' },
			{ page: '2', limit: '10' },
			{ page: '3', limit: '10' },
		]);
		expect(env.sim.count('GET', '/v1/mints/')).toBe(3);
		expect(output).toHaveLength(25);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(25);
		expectPaired(output);
	});

	test('Limit stops after the first page that fills it', async () => {
		const output = await run({ resource: 'mint', operation: 'getMany', returnAll: false, limit: 7 });
		expect(env.sim.count('GET', '/v1/mints/')).toBe(1);
		expect(env.only().query).toEqual({ page: '1', limit: '7' });
		expect(output.map((item) => item.json.id)).toEqual([25, 24, 23, 22, 21, 20, 19]);
	});

	test('Return All stops once count is reached, without asking for an empty page', async () => {
		const output = await run({ resource: 'contract', operation: 'getMany', returnAll: true, pageSize: 3 });
		expect(output).toHaveLength(3);
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(1);
	});
});

describe('errors', () => {
	test('a 2xx with a non-zero code (mint limit) is a NodeApiError with the service message and code', async () => {
		env.sim.setMintLimit(0);
		const { address } = env.state().contracts[0];
		const error = await captureError(
			run({ resource: 'mint', operation: 'create', chain: 'conflux_test', contractAddress: address, mintToAddress: env.state().holders[0] }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('mint limit exceeded');
		expect(error.message).toContain('60001');
		expect((error as NodeApiError).httpCode).toBe('200');
	});

	test('a business error on a GET is not retried, and keeps its code', async () => {
		env.sim.businessError({ method: 'GET', path: '/v1/contracts/', code: 60004, message: 'no sponsor' });
		const error = await captureError(run({ resource: 'contract', operation: 'getMany' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Rainbow: no sponsor (code 60004)');
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(1);
	});

	test('a 4xx carries the service message and code', async () => {
		const error = await captureError(run({ resource: 'mint', operation: 'get', mintId: '9999' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Rainbow: mint task not found (code 40400)');
		expect((error as NodeApiError).httpCode).toBe('404');
	});

	test('an HTML page is an error that says so, even with HTTP 200', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/files/', status: 200, html: true });
		const error = await captureError(run({ resource: 'file', operation: 'getMany' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/HTML page instead of JSON/);
	});

	test('plain text on a 2xx is an error, not data', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/tx/1', status: 200, body: 'maintenance' });
		const error = await captureError(run({ resource: 'transaction', operation: 'get', transactionId: '1' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/text instead of JSON: maintenance/);
	});

	test('with continue on fail the failing item becomes {error} and the others still run', async () => {
		const output = await run(
			{ resource: 'mint', operation: 'get', mintId: '={{ $json.id }}' },
			{ items: [{ json: { id: 1 } }, { json: { id: 9999 } }, { json: { id: 2 } }], continueOnFail: true },
		);
		expect(output).toHaveLength(3);
		expect(output[0].json).toMatchObject({ id: 1 });
		expect(output[1].json).toEqual({ error: 'Rainbow: mint task not found (code 40400)', description: expect.stringContaining('HTTP 404') });
		expect(output[2].json).toMatchObject({ id: 2 });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(env.sim.count('GET', /^\/v1\/mints\/\d+$/)).toBe(3);
	});

	test('without continue on fail the error names the failing item', async () => {
		const error = await captureError(
			run({ resource: 'mint', operation: 'get', mintId: '={{ $json.id }}' }, { items: [{ json: { id: 1 } }, { json: { id: 9999 } }] }),
		);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(1);
	});
});

describe('retries', () => {
	test('a GET answered 429 with Retry-After: 0 is sent again', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/contracts/', status: 429, retryAfter: 0 });
		const output = await run({ resource: 'contract', operation: 'getMany' });
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(2);
		expect(env.calls().map((r) => r.status)).toEqual([429, 200]);
		expect(output).toHaveLength(3);
	});

	test('a POST answered 500 is not sent again: the error carries the service message', async () => {
		env.sim.fault({ method: 'POST', path: '/v1/metadata/', status: 500 });
		const error = await captureError(
			run({ resource: 'metadata', operation: 'create', name: 'x', description: 'y', image: 'https://example.com/i.png' }),
		);
		expect(env.sim.count('POST', '/v1/metadata/')).toBe(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Rainbow: internal server error (code 50000)');
		expect(env.state().metadata).toHaveLength(3);
	});

	test('a token refused with a 401xx code inside a 2xx is renewed and the request sent again', async () => {
		await run({ resource: 'contract', operation: 'get', contractId: '1' });
		env.sim.reset();
		env.sim.fault({ method: 'GET', path: '/v1/contracts/detail/1', status: 200, body: { code: 40104, message: 'token is expired' } });
		const [item] = await run({ resource: 'contract', operation: 'get', contractId: '1' });
		expect(env.sim.count('GET', '/v1/contracts/detail/1')).toBe(2);
		expect(refreshes().length + logins()).toBe(1);
		expect(item.json).toMatchObject({ id: 1 });
	});

	test('a multipart upload refused (401) is rebuilt and sent again with the same bytes', async () => {
		await run({ resource: 'contract', operation: 'getMany', limit: 1 });
		env.sim.revokeTokens();
		env.sim.reset();
		const bytes = Buffer.from('second attempt carries the file too');
		const output = await run(
			{ resource: 'file', operation: 'upload', binaryPropertyName: 'data' },
			{ items: [binaryItem({ data: { bytes, fileName: 'again.txt', mimeType: 'text/plain' } })] },
		);
		const uploads = env.calls();
		expect(uploads.map((r) => [r.method, r.path, r.status])).toEqual([
			['POST', '/v1/files/', 401],
			['POST', '/v1/files/', 200],
		]);
		expect(uploads[1].multipart?.files[0]).toMatchObject({ field: 'file', filename: 'again.txt' });
		expect(uploads[1].multipart!.files[0].data.toString()).toBe(bytes.toString());
		expect(output[0].json).toMatchObject({ file_name: 'again.txt', file_size: bytes.length });
	});
});

describe('answers', () => {
	test('an envelope {code: 0, data} is unwrapped', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/mints/5', status: 200, body: { code: 0, message: '', data: { id: 5, status: 1 } } });
		const output = await run({ resource: 'mint', operation: 'get', mintId: '5' });
		expect(jsonOf(output)).toEqual([{ id: 5, status: 1 }]);
	});

	test('an enveloped list page is unwrapped and paged too', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/burns', status: 200, body: { code: 0, data: { count: 1, items: [{ id: 77 }] } } });
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: true });
		expect(jsonOf(output)).toEqual([{ id: 77 }]);
		expect(env.sim.count('GET', '/v1/burns')).toBe(1);
	});

	test('each input item gives its own paired outputs', async () => {
		const output = await run(
			{ resource: 'contract', operation: 'get', contractId: '={{ $json.id }}' },
			{ items: [{ json: { id: 3 } }, { json: { id: 1 } }] },
		);
		expect(output.map((item) => [item.json.id, item.pairedItem])).toEqual([
			[3, { item: 0 }],
			[1, { item: 1 }],
		]);
		expect(logins()).toBe(1);
	});

	test('an empty required field is a clear error before any request', async () => {
		const error = await captureError(run({ resource: 'nft', operation: 'get', contractAddress: ' ', tokenId: '1' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Contract Address field is empty');
		expect(env.calls()).toHaveLength(0);
	});
});
