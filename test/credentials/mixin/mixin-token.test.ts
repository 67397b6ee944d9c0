import * as ed from '@noble/ed25519';
import { createHash, verify } from 'node:crypto';

import { parseKeystore } from '../../../credentials/mixin/keystore';
import { requestSignature, requestUri, signMixinToken } from '../../../credentials/mixin/mixin-token';
import { EXINONE_BOT_ID } from '../../../credentials/exinone/constants';
import { ed25519Fixture, rsaFixture } from '../../support/keystores';

const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const JTI = '0b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';

function parts(token: string) {
	const [header, payload, signature] = token.split('.');
	return {
		header: JSON.parse(Buffer.from(header, 'base64url').toString()),
		claims: JSON.parse(Buffer.from(payload, 'base64url').toString()),
		signingInput: Buffer.from(`${header}.${payload}`),
		signature: Buffer.from(signature, 'base64url'),
	};
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('signMixinToken', () => {
	test('reproduces the official Mixin Node SDK\'s token byte for byte (its GET /safe/outputs vector)', () => {
		// Keystore, time, jti and URI as the SDK 7.5.5 was run with; its token is the expected value.
		const keystore = parseKeystore(
			JSON.stringify({
				app_id: 'b1e8f4a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b',
				session_id: 'c2f9e5b3-7d4e-4f60-9bac-1d2e3f4a5b6c',
				session_private_key: 'e198b7a99e7c6282503ab41679143333f3ee357e5fc62d45cdf48a248ffd357f',
			}),
		);
		const uri =
			'/safe/outputs?members=da6d49991d45df0f67b95e87c10375523f0944dbb7348b1ef278053f84eef333&threshold=1&asset=4d8c508b-91c5-375b-92b0-ee702ed2dac5&state=unspent&limit=500';
		const { token, claims } = signMixinToken(keystore, { method: 'GET', uri, body: '' }, { now: 1750000000000, ttlSeconds: 3600, jti: '5a7b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d' });
		expect(claims.sig).toBe('597aed4e4c776fee6d8c3fb232f4ce8374b4feace35cf039d1a75478fb7a39ae');
		expect(token).toBe(
			'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJ1aWQiOiJiMWU4ZjRhMi02YzNkLTRlNWYtOGE5Yi0wYzFkMmUzZjRhNWIiLCJzaWQiOiJjMmY5ZTViMy03ZDRlLTRmNjAtOWJhYy0xZDJlM2Y0YTViNmMiLCJpYXQiOjE3NTAwMDAwMDAsImV4cCI6MTc1MDAwMzYwMCwianRpIjoiNWE3YjFjMmQtM2U0Zi00YTViLThjNmQtN2U4ZjlhMGIxYzJkIiwic2lnIjoiNTk3YWVkNGU0Yzc3NmZlZTZkOGMzZmIyMzJmNGNlODM3NGI0ZmVhY2UzNWNmMDM5ZDFhNzU0NzhmYjdhMzlhZSIsInNjcCI6IkZVTEwifQ.Nym_C4b_fmjqZ_xrxST3MvlCOAPhQGh__jfEdVKdCIZzIW7EFB0l2h5xSRenv_I-uL13UuyNJorBiN79YXbKAg',
		);
	});

	const fixture = ed25519Fixture(Buffer.from('9f'.repeat(32), 'hex'));

	test('an Ed25519 token has exactly the specified header and claims and verifies with an independent Ed25519', async () => {
		const keystore = parseKeystore(fixture.hexKeystore);
		const { token, claims } = await signMixinToken(
			keystore,
			{ method: 'get', uri: '/me', body: '' },
			{ audience: EXINONE_BOT_ID, now: NOW, ttlSeconds: 600, jti: JTI },
		);
		const decoded = parts(token);
		expect(decoded.header).toEqual({ alg: 'EdDSA', typ: 'JWT' });
		expect(decoded.claims).toEqual({
			uid: fixture.appId,
			sid: fixture.sessionId,
			iat: NOW / 1000,
			exp: NOW / 1000 + 600,
			jti: JTI,
			sig: sha256('GET/me'),
			scp: 'FULL',
			aud: EXINONE_BOT_ID,
		});
		expect(claims).toEqual(decoded.claims);
		// @noble/ed25519 is a pure-JS implementation: independent of the OpenSSL/WebCrypto that signed.
		expect(ed.verify(decoded.signature, decoded.signingInput, fixture.publicKey)).toBe(true);
		expect(token).not.toMatch(/=/);
	});

	test('tokens from keystore shapes A and B of one seed verify with the same public key', async () => {
		for (const text of [fixture.hexKeystore, fixture.base64Keystore]) {
			const { token } = await signMixinToken(parseKeystore(text), { method: 'GET', uri: '/me' }, { now: NOW, jti: JTI });
			const decoded = parts(token);
			expect(ed.verify(decoded.signature, decoded.signingInput, fixture.publicKey)).toBe(true);
		}
		const a = await signMixinToken(parseKeystore(fixture.hexKeystore), { method: 'GET', uri: '/me' }, { now: NOW, jti: JTI });
		const b = await signMixinToken(parseKeystore(fixture.base64Keystore), { method: 'GET', uri: '/me' }, { now: NOW, jti: JTI });
		expect(a.token).toBe(b.token);
	});

	test('a legacy RSA keystore signs RS512 that verifies with its public key', async () => {
		const rsa = rsaFixture();
		const { token } = await signMixinToken(parseKeystore(rsa.keystore), { method: 'POST', uri: '/transfers', body: '{"a":1}' }, { now: NOW, jti: JTI });
		const decoded = parts(token);
		expect(decoded.header).toEqual({ alg: 'RS512', typ: 'JWT' });
		expect(decoded.claims.sig).toBe(sha256('POST/transfers{"a":1}'));
		expect(verify('sha512', decoded.signingInput, rsa.publicKey, decoded.signature)).toBe(true);
	});

	test('sig covers method, path with query and the exact body; a full URL is reduced to path and query', () => {
		expect(requestSignature({ method: 'get', uri: 'https://api.mixin.one/safe/assets/x/fees?a=1&b=2' })).toBe(
			sha256('GET/safe/assets/x/fees?a=1&b=2'),
		);
		expect(requestSignature({ method: 'POST', uri: 'me', body: '{"x": 1}' })).toBe(sha256('POST/me{"x": 1}'));
		expect(requestUri('/me?x=1')).toBe('/me?x=1');
	});

	test('defaults: a fresh jti per token, iat now, a short exp, no aud', async () => {
		const keystore = parseKeystore(fixture.hexKeystore);
		const first = await signMixinToken(keystore, { method: 'GET', uri: '/me' });
		const second = await signMixinToken(keystore, { method: 'GET', uri: '/me' });
		expect(first.claims.jti).not.toBe(second.claims.jti);
		expect(first.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
		expect(Math.abs(first.claims.iat - Date.now() / 1000)).toBeLessThan(5);
		expect(first.claims.exp - first.claims.iat).toBeLessThanOrEqual(3600);
		expect(first.claims.exp).toBeGreaterThan(first.claims.iat);
		expect(first.claims).not.toHaveProperty('aud');
	});
});
