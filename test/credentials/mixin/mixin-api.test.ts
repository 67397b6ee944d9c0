import { createHash } from 'node:crypto';

import { mixinApiSettings, signRequest } from '../../../credentials/mixin/mixin-api';
import { ed25519Fixture, expectNoSecret, SPEND_KEY } from '../../support/keystores';

const bot = ed25519Fixture();
const BASE = 'http://127.0.0.1:9';
const data = { keystore: bot.hexKeystore, baseUrl: BASE, rateLimit: 0 };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function claimsOf(options: { headers?: Record<string, unknown> }) {
	const token = String(options.headers?.Authorization).replace(/^Bearer /, '');
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('signRequest (the Mixin API credential\'s authenticate)', () => {
	test('a GET with a query: the query is folded into the URL, and sig covers path and query as sent', async () => {
		const options: any = await signRequest(data, { method: 'GET', url: `${BASE}/safe/outputs`, qs: { members: 'ab', threshold: 1, state: 'unspent' }, body: {} });
		expect(options.qs).toBeUndefined();
		expect(options.body).toBeUndefined();
		expect(options.url).toBe(`${BASE}/safe/outputs?members=ab&threshold=1&state=unspent`);
		const claims = claimsOf(options);
		expect(claims.sig).toBe(sha256('GET/safe/outputs?members=ab&threshold=1&state=unspent'));
		expect(claims).toMatchObject({ uid: bot.appId, sid: bot.sessionId, scp: 'FULL' });
		expect(claims.exp - claims.iat).toBe(600);
	});

	test('a POST with a JSON object: sent as the exact text the token signs, as JSON', async () => {
		const body = [{ receivers: ['x'], index: 0, hint: 'h' }];
		const options: any = await signRequest(data, { method: 'POST', url: '/safe/keys', baseURL: BASE, body: body as any });
		expect(options.url).toBe(`${BASE}/safe/keys`);
		expect(options.body).toBe(JSON.stringify(body));
		expect(options.headers['Content-Type']).toBe('application/json');
		expect(claimsOf(options).sig).toBe(sha256(`POST/safe/keys${JSON.stringify(body)}`));
	});

	test("the HTTP Request node's legacy options (uri, qs, a string body) are signed as they will be sent", async () => {
		const options: any = await signRequest(data, { method: 'POST', uri: `${BASE}/safe/assets/fetch?x=1`, qs: { y: 'a b' }, body: '["u1"]', json: true } as any);
		expect(options.uri).toBe(`${BASE}/safe/assets/fetch?x=1&y=a+b`);
		expect(claimsOf(options).sig).toBe(sha256('POST/safe/assets/fetch?x=1&y=a+b["u1"]'));
	});

	test('a request to another host than the Base URL is not signed', async () => {
		const options: any = await signRequest(data, { method: 'GET', url: 'https://example.com/me' });
		expect(options.headers?.Authorization).toBeUndefined();
	});

	test('a path under a Base URL with a path is signed relative to it (as Mixin sees it behind a proxy)', async () => {
		const options: any = await signRequest({ ...data, baseUrl: `${BASE}/mixin` }, { method: 'GET', url: `${BASE}/mixin/me` });
		expect(claimsOf(options).sig).toBe(sha256('GET/me'));
	});

	test('a signed transaction posted with transfers off is refused before it is sent; reading is not', async () => {
		await expect(signRequest(data, { method: 'POST', url: `${BASE}/safe/transactions`, body: '[]' })).rejects.toThrow(/Transfers are off in the Mixin API credential/);
		await expect(signRequest({ ...data, allowTransfers: true }, { method: 'POST', url: `${BASE}/safe/transactions`, body: '[]' })).resolves.toBeDefined();
		await expect(signRequest(data, { method: 'GET', url: `${BASE}/safe/transactions/x` })).resolves.toBeDefined();
	});

	test('the spend key comes from the field, else from the keystore; a missing one is named, only when a transfer needs it', () => {
		expect(mixinApiSettings({ ...data, spendPrivateKey: SPEND_KEY }).spendKey().publicKey).toMatch(/^[0-9a-f]{64}$/);
		expect(mixinApiSettings(data).spendKey().publicKey).toBe(mixinApiSettings({ ...data, spendPrivateKey: SPEND_KEY }).spendKey().publicKey);
		const withoutSpend = { ...data, keystore: bot.base64Keystore };
		const settings = mixinApiSettings(withoutSpend);
		expect(() => settings.spendKey()).toThrow('The Mixin API credential has no spend key: transfers need one.');
		let caught: (Error & { description?: string }) | undefined;
		try {
			mixinApiSettings({ ...data, spendPrivateKey: 'zz' + SPEND_KEY }).spendKey();
		} catch (error) {
			caught = error as Error;
		}
		expect(caught?.message).toMatch(/^The Spend Private Key field of the Mixin API credential is not a spend key/);
		expectNoSecret(`${caught?.message} ${caught?.description}`, bot.secrets);
	});
});
