/**
 * The ExinOne node's auth resource (nodes/ExinOne/resources/auth.ts): an explicit login, and a Mixin
 * token signed for any request with the credential's keystore.
 */
import * as ed from '@noble/ed25519';
import type { IDataObject } from 'n8n-workflow';

import { useExinOneNode } from '../../support/exinone-node';
import { expectNoSecret } from '../../support/keystores';
import { captureError, everythingIn } from '../../support/lifecycle';

const env = useExinOneNode();
const { run } = env;

describe('auth', () => {
	test('login outputs token, tokenType, expiresIn and expiresAt', async () => {
		const [item] = await run({ resource: 'auth', operation: 'login' });
		expect(item.json).toEqual({
			token: expect.stringMatching(/^ey/),
			tokenType: 'Bearer',
			expiresIn: 86400,
			expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(Date.parse(item.json.expiresAt as string) - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(env.sim.count('POST', '/api/v2/mixin/me')).toBe(1);
		// The bearer it outputs works on ExinOne.
		expect(env.sim.requests[0].status).toBe(200);
	});

	test('signMixinToken signs any method, path with query, body and audience; the token verifies', async () => {
		const [item] = await run({
			resource: 'auth',
			operation: 'signMixinToken',
			method: 'POST',
			path: 'https://api.mixin.one/safe/transactions?x=1',
			body: '{"a":1}',
			options: { audience: 'some-service', expiresIn: 120 },
		});
		const { token, claims } = item.json as { token: string; claims: IDataObject };
		const [header, payload, signature] = token.split('.');
		expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual(claims);
		expect(claims).toMatchObject({ uid: env.bot.appId, sid: env.bot.sessionId, aud: 'some-service', scp: 'FULL' });
		expect((claims.exp as number) - (claims.iat as number)).toBe(120);
		const { createHash } = await import('node:crypto');
		expect(claims.sig).toBe(createHash('sha256').update('POST/safe/transactions?x=1{"a":1}').digest('hex'));
		expect(ed.verify(Buffer.from(signature, 'base64url'), Buffer.from(`${header}.${payload}`), env.bot.publicKey)).toBe(true);
		expect(env.sim.requests).toHaveLength(0);
		expectNoSecret(JSON.stringify(item.json), env.bot.secrets);
	});

	test('a bad keystore fails the item with the field named, no secret, and continueOnFail gives {error}', async () => {
		env.store.edit('cred-1', { keystore: env.bot.base64Keystore.replace('"session_id"', '"sessionid"') });
		const error = await captureError(run({ resource: 'auth', operation: 'login' }));
		expect(error.message).toMatch(/keystore has no "session_id"/);
		expectNoSecret(everythingIn(error), env.bot.secrets);
		const [item] = await run({ resource: 'auth', operation: 'login' }, { continueOnFail: true });
		expect(item.json.error).toMatch(/keystore has no "session_id"/);
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});
