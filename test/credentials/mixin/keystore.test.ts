import { inspect } from 'node:util';

import { parseKeystore, loadKeystore } from '../../../credentials/mixin/keystore';
import { CredentialError } from '../../../credentials/common/errors';
import { ed25519Fixture, expectNoSecret, rsaFixture, PIN, PIN_TOKEN } from '../../support/keystores';

function parseError(text: string): CredentialError {
	try {
		parseKeystore(text);
	} catch (error) {
		expect(error).toBeInstanceOf(CredentialError);
		return error as CredentialError;
	}
	throw new Error('expected parseKeystore to fail');
}

describe('parseKeystore', () => {
	const fixture = ed25519Fixture();

	test('shape A (hex seed) and shape B (base64url seed‖public) of one seed give the same key', () => {
		const a = parseKeystore(fixture.hexKeystore);
		const b = parseKeystore(fixture.base64Keystore);
		expect(a).toMatchObject({ appId: fixture.appId, sessionId: fixture.sessionId, algorithm: 'EdDSA', shape: 'hex-seed' });
		expect(b).toMatchObject({ appId: fixture.appId, sessionId: fixture.sessionId, algorithm: 'EdDSA', shape: 'ed25519-base64' });
		expect(a.publicKey).toBe(fixture.publicKey.toString('base64url'));
		expect(b.publicKey).toBe(a.publicKey);
	});

	test('shape B accepts standard base64 with padding, and a 32-byte seed alone', () => {
		const full = Buffer.concat([fixture.seed, fixture.publicKey]);
		const padded = JSON.stringify({ client_id: fixture.appId, session_id: fixture.sessionId, private_key: full.toString('base64') });
		expect(parseKeystore(padded).publicKey).toBe(fixture.publicKey.toString('base64url'));
		const seedOnly = JSON.stringify({ client_id: fixture.appId, session_id: fixture.sessionId, private_key: fixture.seed.toString('base64url') });
		expect(parseKeystore(seedOnly).publicKey).toBe(fixture.publicKey.toString('base64url'));
	});

	test('shape C (legacy RSA PEM) signs RS512', () => {
		const rsa = rsaFixture();
		const keystore = parseKeystore(rsa.keystore);
		expect(keystore).toMatchObject({ appId: rsa.appId, sessionId: rsa.sessionId, algorithm: 'RS512', shape: 'rsa-pem' });
		expect(keystore.publicKey).toBe(rsa.publicKey.export({ format: 'der', type: 'spki' }).toString('base64url'));
	});

	test('realistic paste mistakes are accepted: BOM, whitespace, a wrapping object, JSON inside a string', () => {
		const expected = fixture.publicKey.toString('base64url');
		expect(parseKeystore(`\uFEFF \n ${fixture.hexKeystore} \n\t`).publicKey).toBe(expected);
		expect(parseKeystore(JSON.stringify({ keystore: JSON.parse(fixture.hexKeystore) })).publicKey).toBe(expected);
		expect(parseKeystore(JSON.stringify(fixture.base64Keystore)).publicKey).toBe(expected);
	});

	test('an object with keystore fields of its own is the keystore: a "__proto__" key holding session_id is not taken for it', () => {
		const full = Buffer.concat([fixture.seed, fixture.publicKey]).toString('base64url');
		const text = `{"__proto__": {"session_id": "${fixture.sessionId}"}, "client_id": "${fixture.appId}", "private_key": "${full}"}`;
		const error = parseError(text);
		// What is really missing is named: the top level has client_id and the key, not session_id.
		expect(error.message).toBe('The keystore has no "session_id".');
		// And a keystore with every field at the top level still parses, whatever else it holds.
		const ok = `{"__proto__": {"x": 1}, "client_id": "${fixture.appId}", "session_id": "${fixture.sessionId}", "private_key": "${full}"}`;
		expect(parseKeystore(ok)).toMatchObject({ appId: fixture.appId, sessionId: fixture.sessionId });
	});

	test('a 64-byte key whose halves do not match is refused as corrupted', () => {
		const other = ed25519Fixture();
		const mixed = Buffer.concat([fixture.seed, other.publicKey]).toString('base64url');
		const error = parseError(JSON.stringify({ client_id: fixture.appId, session_id: fixture.sessionId, private_key: mixed }));
		expect(error.message).toContain('"private_key" is corrupted');
		expect(error.description).toMatch(/keystore\.json again/);
		expectNoSecret(`${error.message} ${error.description}`, [...fixture.secrets, mixed]);
	});

	test.each([
		['empty', '   ', /keystore is empty/],
		['not JSON', '{"app_id": "x", session_private_key: ', /not valid JSON \(line 1, column \d+\)/],
		['an array', '[1,2]', /must be a JSON object/],
		['no app id', JSON.stringify({ session_id: 'a' }), /no "app_id" or "client_id"/],
		['app id not a UUID', JSON.stringify({ app_id: 'bot', session_id: 'a' }), /"app_id" or "client_id" is not a UUID/],
		['no key', JSON.stringify({ app_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12' }), /no private key/],
		['hex of the wrong length', JSON.stringify({ app_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12', session_private_key: 'abcd' }), /has 4 hex digits/],
		['hex that is not hex', JSON.stringify({ app_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12', session_private_key: 'zz'.repeat(32) }), /not hexadecimal/],
		['base64 of the wrong length', JSON.stringify({ client_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12', private_key: 'AAAA' }), /decodes to 3 bytes/],
		['a broken PEM', JSON.stringify({ client_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12', private_key: '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----' }), /PEM key but cannot be read/],
	])('%s gives an error naming what is wrong', (_case, text, message) => {
		expect(parseError(text).message).toMatch(message);
	});

	test('an invalid keystore never echoes its key material, PIN or PIN token', () => {
		// Broken JSON right after the key: JSON.parse's own message would quote it.
		const broken = fixture.base64Keystore.replace(/}$/, ',}');
		const errors = [
			parseError(broken),
			parseError(fixture.hexKeystore.replace(fixture.appId, 'not-a-uuid')),
			parseError(fixture.base64Keystore.replace(/"private_key":"[^"]+"/, `"private_key":"${fixture.seed.toString('hex')}!"`)),
		];
		for (const error of errors) {
			expectNoSecret(`${error.message} ${error.description} ${error.stack}`, fixture.secrets);
			expect(`${error.message}`).not.toContain(PIN_TOKEN);
			expect(`${error.message}`).not.toContain(PIN);
		}
	});

	test('the parsed keystore does not reveal the key when printed or serialised', () => {
		const keystore = parseKeystore(fixture.base64Keystore);
		expectNoSecret(`${JSON.stringify(keystore)} ${inspect(keystore, { depth: 5 })}`, fixture.secrets);
	});

	test('loadKeystore parses each distinct keystore once', () => {
		const first = loadKeystore(fixture.hexKeystore);
		expect(loadKeystore(fixture.hexKeystore)).toBe(first);
		expect(loadKeystore(fixture.base64Keystore)).not.toBe(first);
	});
});
