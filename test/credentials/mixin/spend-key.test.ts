import { inspect } from 'node:util';

import { CredentialError } from '../../../credentials/common/errors';
import { SpendKey } from '../../../credentials/mixin/spend-key';

// The official Mixin Node SDK's test vector: this spend key's public key (y·G).
const SPEND = '16a4b95ae70d8f208e342d5bd502ef99b1dc0b8d82ea2dfa3493d4d46d7d121f';
const SPEND_PUBLIC = '53a69fc4633bfa8a3e4a292a7b4025f1757c7ff305b33ec2aad5eb2c438c90e6';

function parseError(text: string): CredentialError {
	try {
		SpendKey.parse(text, 'The Spend Private Key field');
	} catch (error) {
		expect(error).toBeInstanceOf(CredentialError);
		return error as CredentialError;
	}
	throw new Error('expected SpendKey.parse to fail');
}

describe('SpendKey', () => {
	test('64 hex digits, or 128 (seed and its public key, as a TIP key is kept), give the same key', () => {
		expect(SpendKey.parse(SPEND, 'x').publicKey).toBe(SPEND_PUBLIC);
		expect(SpendKey.parse(` ${SPEND.toUpperCase()}${SPEND_PUBLIC}\n`, 'x').publicKey).toBe(SPEND_PUBLIC);
	});

	test('a malformed or corrupted key is refused, naming the field and quoting nothing of it', () => {
		for (const text of [SPEND.slice(0, 60), `${SPEND}zz`, 'not a key']) {
			const error = parseError(text);
			expect(error.message).toMatch(/^The Spend Private Key field is not a spend key/);
			expect(`${error.message} ${error.description}`).not.toContain(SPEND.slice(0, 16));
		}
		const corrupted = parseError(`${SPEND}${'00'.repeat(32)}`);
		expect(corrupted.message).toMatch(/corrupted: its last 64 hex digits are not the public key/);
		expect(`${corrupted.message} ${corrupted.description}`).not.toContain(SPEND.slice(0, 16));
	});

	test('prints, logs and serialises as a placeholder: the scalar cannot be read off the object', () => {
		const key = SpendKey.parse(SPEND, 'x');
		const shown = [JSON.stringify({ key }), String(key), inspect(key, { showHidden: true, depth: 5 }), inspect({ nested: key })].join(' ');
		expect(shown).not.toMatch(/16a4b95a|bd03174e/);
		expect(JSON.stringify({ key })).toBe('{"key":"[spend key]"}');
		expect(Object.keys(key)).toEqual(['publicKey']);
	});
});
