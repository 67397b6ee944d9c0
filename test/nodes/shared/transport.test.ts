/**
 * The one request path of the nodes (nodes/shared/transport.ts), through either node: a credential is
 * required for a non-public call, a refused token is renewed once and the request sent again, and a
 * multipart body is rebuilt for that second attempt; every request has a timeout (a read that times out
 * is sent again, a write is not, and says it may have been done); redirects are not followed.
 */
import { useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';
import { useRainbowNode } from '../../support/rainbow-node';
import { binaryItem } from '../../support/run-node';

describe('through the ExinOne node', () => {
	const env = useExinOneNode();
	const { run } = env;

	test('an operation that needs the credential says so when none is selected', async () => {
		const error = await captureError(run({ resource: 'user', operation: 'getMe' }, { credential: false }));
		expect(error.message).toMatch(/needs a credential, and none is selected/);
	});
});

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	const logins = () => env.sim.count('POST', '/v1/login');
	const refreshes = () => env.sim.requests.filter((r) => r.path === '/v1/refresh_token');

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

	const metadata = { resource: 'metadata', operation: 'create', name: 'x', description: 'y', image: 'https://example.com/i.png' };

	test('a server that accepts and never answers: a read times out after the node\'s Timeout and is sent again', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/contracts/', delayMs: 5_000 });
		const started = Date.now();
		const output = await run({ resource: 'contract', operation: 'getMany', requestOptions: { timeout: 300 } });
		expect(output).toHaveLength(3);
		expect(env.sim.count('GET', '/v1/contracts/')).toBe(2);
		expect(Date.now() - started).toBeLessThan(4_000);
	});

	test('a write that times out is not sent again, and the error says it may have been done', async () => {
		env.sim.fault({ method: 'POST', path: '/v1/metadata/', delayMs: 5_000 });
		const error = await captureError(run({ ...metadata, requestOptions: { timeout: 300 } }));
		expect(error.message).toBe('Rainbow: no answer to POST /v1/metadata/ within 0.3 s; it may have been done, and was not sent again');
		expect((error as Error & { description?: string }).description).toMatch(/Check with a Get or Get Many operation/);
		expect(env.sim.count('POST', '/v1/metadata/')).toBe(1);
	});

	test('a write whose connection drops before the answer is not sent again, and says it may have been done (never "retry immediately")', async () => {
		env.sim.fault({ method: 'POST', path: '/v1/metadata/', dropConnection: true });
		const error = await captureError(run(metadata));
		expect(error.message).toBe('Rainbow: the connection was closed before an answer to POST /v1/metadata/; it may have been done, and was not sent again');
		expect(`${error.message} ${(error as Error & { description?: string }).description}`).not.toMatch(/retry the request immediately/i);
		expect(env.sim.count('POST', '/v1/metadata/')).toBe(1);
	});

	test('a read that keeps timing out fails with a clear message after its retries', async () => {
		env.sim.fault({ method: 'GET', path: '/v1/contracts/detail/1', delayMs: 5_000, times: 4 });
		const error = await captureError(run({ resource: 'contract', operation: 'get', contractId: '1', requestOptions: { timeout: 200 } }));
		expect(error.message).toBe('Rainbow: no answer to GET /v1/contracts/detail/1 within 0.2 s');
		expect(env.sim.count('GET', '/v1/contracts/detail/1')).toBe(4);
	}, 30_000);

	test('a redirect is not followed: the token does not travel on, and the error names the answer', async () => {
		env.sim.respond({ method: 'GET', path: '/v1/contracts/', status: 307, headers: { location: 'http://127.0.0.1:9/elsewhere' }, times: 1 });
		const error = await captureError(run({ resource: 'contract', operation: 'getMany' }));
		expect(error.message).toBe('Rainbow: the server redirects to http://127.0.0.1:9/elsewhere: check the Base URL of the credential (redirects are not followed)');
		expect((error as Error & { httpCode?: string }).httpCode).toBe('307');
	});
});
