/**
 * The Mixin simulator's authentication (every request's token verified for real, the reason of a
 * refusal logged), rate limit, profile, outputs listing, assets and control endpoints.
 */
import crypto from 'node:crypto';

import { BOT, BTC, EXINONE, KEYSTORE, SPEND_PUBLIC, USDT, mixinError, sdk, useMixinSim } from './mixin-test-kit';
import { client } from './test-clients';

const UNAUTHORIZED = { status: 202, code: 401, description: 'Unauthorized, maybe invalid token.' };

describe('Mixin simulator: authentication and reads', () => {
	const env = useMixinSim();
	const OUTPUTS = `/safe/outputs?members=${sdk.hashMembers([BOT])}&threshold=1`;
	const lastAuthError = () => env.sim.requests.at(-1).authError;

	it('accepts the SDK and a hand-made token; GET /me and /safe/me answer the profile', async () => {
		const me = await env.api.user.profile();
		expect(me).toMatchObject({ user_id: BOT, full_name: 'Test bot', has_safe: true, session_id: KEYSTORE.session_id });
		const r = await env.call('GET', '/safe/me');
		expect(r.status).toBe(200);
		expect(r.json.data).toMatchObject({ user_id: BOT, has_safe: true, identity_number: expect.stringMatching(/^\d+$/) });
		expect(Math.abs(Date.parse(r.headers.get('date')!) - env.sim.clock.now())).toBeLessThan(2000);
		expect(env.sim.requests.map((e: any) => [e.path, e.status, e.userId])).toEqual([['/me', 200, BOT], ['/safe/me', 200, BOT]]);
	});

	it('verifies the spec §8 GET token at its own time (sig over the query as sent)', async () => {
		const target = `/safe/outputs?members=${sdk.hashMembers([BOT])}&threshold=1&asset=${USDT}&state=unspent&limit=500`;
		const token =
			'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJ1aWQiOiJiMWU4ZjRhMi02YzNkLTRlNWYtOGE5Yi0wYzFkMmUzZjRhNWIiLCJzaWQiOiJjMmY5ZTViMy03ZDRlLTRmNjAtOWJhYy0xZDJlM2Y0YTViNmMiLCJpYXQiOjE3NTAwMDAwMDAsImV4cCI6MTc1MDAwMzYwMCwianRpIjoiNWE3YjFjMmQtM2U0Zi00YTViLThjNmQtN2U4ZjlhMGIxYzJkIiwic2lnIjoiNTk3YWVkNGU0Yzc3NmZlZTZkOGMzZmIyMzJmNGNlODM3NGI0ZmVhY2UzNWNmMDM5ZDFhNzU0NzhmYjdhMzlhZSIsInNjcCI6IkZVTEwifQ.Nym_C4b_fmjqZ_xrxST3MvlCOAPhQGh__jfEdVKdCIZzIW7EFB0l2h5xSRenv_I-uL13UuyNJorBiN79YXbKAg';
		const saved = env.sim.clock.now();
		env.sim.clock.set(1750000000_000 + 60_000);
		try {
			expect((await env.call('GET', target, { token })).json).toEqual({ data: [] });
			expect(mixinError(await env.call('GET', target, { token }))).toEqual(UNAUTHORIZED);
			expect(lastAuthError()).toMatch(/jti already used/);
		} finally {
			env.sim.clock.set(saved);
		}
	});

	const cases: [string, () => Promise<any>, RegExp][] = [
		['a tampered query', () => env.call('GET', `${OUTPUTS}&limit=2`, { token: env.token('GET', `${OUTPUTS}&limit=1`) }), /sig claim mismatch/],
		['a reordered query', () => env.call('GET', `/safe/outputs?threshold=1&members=${sdk.hashMembers([BOT])}`, { token: env.token('GET', OUTPUTS) }), /sig claim mismatch/],
		['a tampered body', () => env.call('POST', '/safe/assets/fetch', { body: [BTC], token: env.token('POST', '/safe/assets/fetch', JSON.stringify([USDT])) }), /sig claim mismatch/],
		['a body signed as ""', () => env.call('POST', '/safe/assets/fetch', { body: [BTC], token: env.token('POST', '/safe/assets/fetch') }), /sig claim mismatch/],
		['another method', () => env.call('GET', '/me', { token: env.token('POST', '/me') }), /sig claim mismatch/],
		['an expired token', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { iat: env.nowS() - 7200, exp: env.nowS() - 1 }) }), /expired/],
		['an iat 6 minutes ahead', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { iat: env.nowS() + 360, exp: env.nowS() + 3600 }) }), /future/],
		['a lifetime over 90 days', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { exp: env.nowS() + 91 * 86400 }) }), /90 days/],
		['a scope other than FULL', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { scp: 'PROFILE:READ' }) }), /scp/],
		['an unknown session', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { sid: EXINONE }) }), /unknown session/],
		['another uid', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { uid: EXINONE }) }), /uid does not match/],
		['no jti', () => env.call('GET', '/me', { token: env.token('GET', '/me', '', { jti: undefined }) }), /jti missing/],
		['a bad signature', () => env.call('GET', '/me', { token: env.token('GET', '/me').slice(0, -4) + 'AAAA' }), /invalid signature/],
		['no token', () => client(() => env.sim.url)('GET', '/me'), /no bearer/],
	];
	it.each(cases)('refuses %s with the Mixin 401 body and logs why', async (_name, send, reason) => {
		expect(mixinError(await send())).toEqual(UNAUTHORIZED);
		expect(lastAuthError()).toMatch(reason);
	});

	it('accepts RS512 tokens of an RSA session, and echoes X-Request-Id', async () => {
		const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
		const user = 'a7d1c2b3-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
		const sid = 'a7d1c2b3-0000-4000-8000-00000000a5a1';
		env.sim.addUser({ userId: user, sessionId: sid, sessionPublicKey: rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString() });
		const claims = { uid: user, sid, iat: env.nowS(), exp: env.nowS() + 600, jti: crypto.randomUUID(), sig: crypto.createHash('sha256').update('GET/me').digest('hex'), scp: 'FULL' };
		const input = `${Buffer.from(JSON.stringify({ alg: 'RS512', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
		const token = `${input}.${crypto.sign('sha512', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
		const res = await fetch(`${env.sim.url}/me`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': claims.jti } });
		expect(((await res.json()) as any).data.user_id).toBe(user);
		expect(res.headers.get('x-request-id')).toBe(claims.jti);
		expect(mixinError(await env.call('GET', '/me', { token: env.token('GET', '/me', '', { uid: user, sid }) }))).toEqual(UNAUTHORIZED);
		expect(lastAuthError()).toMatch(/alg EdDSA does not match/);
	});

	it('refuses a reused jti', async () => {
		const token = env.token('GET', '/me');
		expect((await env.call('GET', '/me', { token })).json.data.user_id).toBe(BOT);
		expect(mixinError(await env.call('GET', '/me', { token }))).toEqual(UNAUTHORIZED);
		expect(lastAuthError()).toMatch(/jti already used/);
	});

	it('rate-limits per user with HTTP 429 when asked to', async () => {
		env.sim.setRateLimit(2);
		expect((await env.call('GET', '/me')).status).toBe(200);
		expect((await env.call('GET', '/me')).status).toBe(200);
		const r = await env.call('GET', '/me');
		expect([r.status, r.json]).toEqual([429, { error: { status: 429, code: 429, description: 'Too Many Requests' } }]);
		env.sim.setRateLimit(null);
		expect((await env.call('GET', '/me')).status).toBe(200);
	});

	it('lists outputs by sequence: offset inclusive, limit, order, asset by uuid or kernel id, state', async () => {
		const usdt = env.sim.deposit({ userId: BOT, assetId: USDT, amount: '1', count: 4 });
		env.sim.deposit({ userId: BOT, assetId: BTC, amount: '0.1' });
		env.sim.deposit({ userId: EXINONE, assetId: USDT, amount: '9' });
		const seqs = usdt.map((o: any) => o.sequence);
		const list = (q: string) => env.call('GET', `${OUTPUTS}${q}`).then((r) => r.json.data.map((o: any) => o.sequence));
		expect(await list(`&asset=${USDT}`)).toEqual(seqs);
		expect(await list(`&asset=${sdk.newHash(Buffer.from(USDT)).toString('hex')}&limit=2`)).toEqual(seqs.slice(0, 2));
		expect(await list(`&asset=${USDT}&offset=${seqs[1]}&limit=2`)).toEqual(seqs.slice(1, 3));
		expect(await list(`&asset=${USDT}&order=DESC&limit=3`)).toEqual([...seqs].reverse().slice(0, 3));
		expect(await list('&state=spent')).toEqual([]);
		expect(await list('')).toHaveLength(5);
		const [o] = (await env.call('GET', `${OUTPUTS}&asset=${BTC}`)).json.data;
		const fields = ['output_id', 'transaction_hash', 'output_index', 'asset', 'kernel_asset_id', 'asset_id', 'amount', 'mask', 'keys', 'receivers'];
		fields.push('receivers_hash', 'receivers_threshold', 'senders', 'senders_hash', 'senders_threshold', 'extra', 'state', 'sequence');
		fields.push('request_id', 'signed_by', 'created_at', 'updated_at');
		expect(Object.keys(o)).toEqual(expect.arrayContaining(fields));
		expect(o).toMatchObject({ asset_id: BTC, amount: '0.1', receivers: [BOT], receivers_hash: sdk.hashMembers([BOT]), state: 'unspent' });
		// the SDK without members reads the caller's own
		expect((await env.api.utxo.safeOutputs({ asset: USDT })).map((x: any) => x.sequence)).toEqual(seqs);
	});

	it('refuses bad listing parameters and somebody else\'s members', async () => {
		for (const q of ['&limit=501', '&limit=0', '&state=locked', '&order=asc', '&offset=-1']) {
			expect(mixinError(await env.call('GET', `${OUTPUTS}${q}`)).code).toBe(10002);
		}
		expect(mixinError(await env.call('GET', `/safe/outputs?members=${sdk.hashMembers([BOT])}&threshold=2`)).code).toBe(10002);
		expect(mixinError(await env.call('GET', `/safe/outputs?members=${sdk.hashMembers([BOT])}`)).code).toBe(10002);
		expect(mixinError(await env.call('GET', `/safe/outputs?members=${sdk.hashMembers([EXINONE])}&threshold=1`)).code).toBe(403);
	});

	it('answers assets; unknown ids and routes are Mixin 404s', async () => {
		const btc = (await env.call('GET', `/safe/assets/${BTC}`)).json.data;
		expect(btc).toMatchObject({ asset_id: BTC, chain_id: BTC, symbol: 'BTC', precision: 8, kernel_asset_id: sdk.newHash(Buffer.from(BTC)).toString('hex') });
		const fetched = (await env.call('POST', '/safe/assets/fetch', { body: [USDT, '965e5c6e-434c-3fa9-b780-c50f43cd955c'] })).json.data;
		expect(fetched.map((a: any) => a.symbol)).toEqual(['USDT', 'CNB']);
		expect(mixinError(await env.call('GET', `/safe/assets/${KEYSTORE.session_id}`)).code).toBe(404);
		expect(mixinError(await env.call('GET', '/safe/transactions/unknown')).code).toBe(404);
		expect(mixinError(await env.call('GET', '/nowhere')).code).toBe(404);
	});

	it('is driven over /__sim/mixin/* from another process', async () => {
		const call = client(() => env.sim.url);
		const user = '0f6f1d6e-4c35-4d41-9a3b-3e1f0a2b4c5d';
		const added = await call('POST', '/__sim/mixin/users', { body: { userId: user, fullName: 'Other' } });
		expect(added.json.user).toMatchObject({ userId: user, spendPublicKey: expect.stringMatching(/^[0-9a-f]{64}$/) });
		const dep = await call('POST', '/__sim/mixin/deposit', { body: { userId: BOT, assetId: USDT, amount: '2.5', count: 2 } });
		expect(dep.json.outputs).toHaveLength(2);
		expect((await call('GET', `/__sim/mixin/balance?userId=${BOT}&assetId=${USDT}`)).json).toEqual({ balance: '5' });
		expect((await call('GET', `/__sim/mixin/outputs?userId=${BOT}`)).json.outputs).toHaveLength(2);
		await env.transfer({ amount: '1', to: user, memo: 'hi' });
		const pays = (await call('GET', `/__sim/mixin/payments?to=${user}`)).json.payments;
		expect(pays).toEqual([expect.objectContaining({ senderId: BOT, memo: 'hi', extra: Buffer.from('hi').toString('hex'), outputs: [{ receiverId: user, amount: '1' }, { receiverId: BOT, amount: '1.5' }] })]);
		expect((await call('POST', '/__sim/mixin/rate-limit', { body: { perSecond: 5 } })).json).toEqual({ ok: true, rateLimit: 5 });
		await call('POST', '/__sim/mixin/reset-state');
		expect(env.sim.payments).toHaveLength(0);
		expect(env.sim.addUser({ userId: BOT, spendPublicKey: SPEND_PUBLIC }).userId).toBe(BOT);
	});
});
