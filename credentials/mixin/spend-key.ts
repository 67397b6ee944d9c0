import { createPrivateKey, createPublicKey } from 'node:crypto';

import { signTransaction, spendScalar, type SafeTransaction } from '../../mixin-safe';
import { CredentialError } from '../common/errors';

/**
 * The bot's spend key: the most secret value the package holds. It signs Safe transactions and
 * nothing else. The scalar lives in a private field: the object prints, logs and serialises as
 * "[spend key]", and no error quotes any part of it.
 */

const PKCS8_ED25519_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The Ed25519 public key of a 32-byte seed, hex, with Node's own crypto (RFC 8410). */
function publicKeyOf(seed: Buffer): string {
	const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
	return Buffer.from(String(createPublicKey(key).export({ format: 'jwk' }).x), 'base64url').toString('hex');
}

export class SpendKey {
	readonly #scalar: bigint;

	/** Hex of the spend public key (y·G): what Mixin's Safe registration holds; not a secret. */
	readonly publicKey: string;

	private constructor(scalar: bigint, publicKey: string) {
		this.#scalar = scalar;
		this.publicKey = publicKey;
	}

	/**
	 * Reads a spend key: 64 hex digits (the seed), or 128 (a TIP private key, seed then public key,
	 * whose second half must be the public key of the first). `where` names the field for errors.
	 */
	static parse(text: string, where: string): SpendKey {
		const digits = text.trim().replace(/^0x/i, '');
		if (!/^[0-9a-f]*$/i.test(digits) || (digits.length !== 64 && digits.length !== 128)) {
			throw new CredentialError(`${where} is not a spend key: it should be 64 hex digits (or 128, seed and public key).`, {
				description: 'Paste the spend private key shown when the bot registered its Safe wallet (Register Wallet in the Mixin developer dashboard).',
			});
		}
		const seed = Buffer.from(digits.slice(0, 64), 'hex');
		const publicKey = publicKeyOf(seed);
		if (digits.length === 128 && digits.slice(64).toLowerCase() !== publicKey) {
			throw new CredentialError(`${where} is corrupted: its last 64 hex digits are not the public key of its first 64.`, {
				description: 'Copy the spend key again from where you saved it when the bot registered its Safe wallet.',
			});
		}
		return new SpendKey(spendScalar(digits.slice(0, 64)), publicKey);
	}

	/** Signs every input of a Safe transaction with its view (as the transaction request answered). */
	sign(tx: SafeTransaction, views: string[]) {
		return signTransaction(tx, views, this.#scalar);
	}

	toJSON(): string {
		return '[spend key]';
	}

	toString(): string {
		return '[spend key]';
	}

	/** What `console.log` and `util.inspect` show (Node's well-known symbol, without importing node:util). */
	[Symbol.for('nodejs.util.inspect.custom')](): string {
		return 'SpendKey [redacted]';
	}
}
