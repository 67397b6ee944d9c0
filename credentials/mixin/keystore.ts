import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

import { CredentialError } from '../common/errors';

/**
 * The DER head of an Ed25519 private key as PKCS#8 (RFC 8410): followed by the 32-byte seed, it is a key
 * Node's own crypto imports, and derives the public key from.
 */
const PKCS8_ED25519_SEED_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export type MixinSigningAlgorithm = 'EdDSA' | 'RS512';

/**
 * Which of the three keystore layouts a keystore had: the current Mixin dashboard's (hex seed), the
 * older Ed25519 session's that ExinOne's "Generate Key" page shows (base64url seed‖public key), and a
 * legacy RSA session's (PEM).
 */
export type KeystoreShape = 'hex-seed' | 'ed25519-base64' | 'rsa-pem';

/**
 * A parsed Mixin keystore. The private key lives only inside a KeyObject, which prints and
 * serialises as `{}`: logging or stringifying this object does not reveal it.
 */
export interface MixinKeystore {
	readonly appId: string;
	readonly sessionId: string;
	readonly algorithm: MixinSigningAlgorithm;
	readonly shape: KeystoreShape;
	readonly privateKey: KeyObject;
	/** Public key of the session (base64url of the raw Ed25519 key, or of the RSA SPKI DER). */
	readonly publicKey: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CHECK_FILE = 'Paste the whole keystore.json of your Mixin bot, from the first { to the last }.';

function fail(message: string, description = CHECK_FILE): never {
	throw new CredentialError(message, { description });
}

/**
 * The keystore as users paste it: stray whitespace, a byte-order mark, a JSON string holding the
 * JSON, or the keystore wrapped in another object (`{"keystore": {...}}`) are all accepted.
 */
function readJson(text: string, field: string): Record<string, unknown> {
	const trimmed = text.replace(/^\uFEFF/, '').trim();
	if (trimmed === '') fail(`The keystore is empty: ${field} has no content.`);

	let value: unknown;
	try {
		value = JSON.parse(trimmed);
		if (typeof value === 'string') value = JSON.parse(value.trim());
	} catch (error) {
		// JSON.parse's own message quotes the input, which holds the private key: never pass it on.
		const position = /position (\d+)/.exec(String((error as Error).message));
		let where = '';
		if (position) {
			const before = trimmed.slice(0, Number(position[1]));
			const line = before.split('\n').length;
			const column = before.length - before.lastIndexOf('\n');
			where = ` (line ${line}, column ${column})`;
		}
		fail(`The keystore is not valid JSON${where}: check ${field}.`);
	}
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		fail(`The keystore must be a JSON object: check ${field}.`);
	}
	return unwrap(value as Record<string, unknown>);
}

/** The fields a keystore is recognised by, in any of its three layouts. */
const KEYSTORE_FIELDS = ['app_id', 'client_id', 'session_id', 'session_private_key', 'private_key'];

/** An own field only: `JSON.parse` makes `"__proto__"` an own key, and nothing inherited counts. */
function hasOwn(value: Record<string, unknown>, field: string): boolean {
	return Object.prototype.hasOwnProperty.call(value, field);
}

function looksLikeKeystore(value: Record<string, unknown>): boolean {
	return KEYSTORE_FIELDS.some((field) => hasOwn(value, field));
}

/**
 * The keystore itself when the user pasted it inside a wrapping object (`{"keystore": {...}}`). An
 * object that has any keystore field of its own is the keystore, whatever it holds besides: its
 * missing fields are then named as missing, instead of a nested object being taken for it.
 */
function unwrap(value: Record<string, unknown>): Record<string, unknown> {
	if (looksLikeKeystore(value)) return value;
	for (const inner of Object.values(value)) {
		if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
			if (looksLikeKeystore(inner as Record<string, unknown>)) return inner as Record<string, unknown>;
		}
	}
	return value;
}

function stringField(keystore: Record<string, unknown>, names: string[]): string | undefined {
	for (const name of names) {
		const value = hasOwn(keystore, name) ? keystore[name] : undefined;
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return undefined;
}

function uuidField(keystore: Record<string, unknown>, names: string[]): string {
	const quoted = names.map((name) => `"${name}"`).join(' or ');
	const value = stringField(keystore, names);
	if (value === undefined) fail(`The keystore has no ${quoted}.`);
	if (!UUID.test(value)) fail(`The keystore's ${quoted} is not a UUID.`);
	return value.toLowerCase();
}

function base64url(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('base64url');
}

function ed25519Key(
	seed: Uint8Array,
	embeddedPublicKey: Uint8Array | undefined,
	field: string,
): { privateKey: KeyObject; publicKey: string } {
	const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_SEED_PREFIX, seed]), format: 'der', type: 'pkcs8' });
	const publicKey = String(createPublicKey(privateKey).export({ format: 'jwk' }).x);
	if (embeddedPublicKey && publicKey !== base64url(embeddedPublicKey)) {
		fail(
			`The keystore's "${field}" is corrupted: its last 32 bytes are not the public key of its first 32 bytes.`,
			'Download the keystore.json again from the Mixin developer dashboard, or generate a new session key.',
		);
	}
	return { privateKey, publicKey };
}

/** Shape A: `session_private_key` is the hex of the 32-byte seed (64 hex digits; seed‖public also accepted). */
function fromHex(hex: string) {
	const digits = hex.replace(/^0x/i, '');
	if (!/^[0-9a-f]*$/i.test(digits)) {
		fail('The keystore\'s "session_private_key" is not hexadecimal: it should be 64 hex digits.');
	}
	if (digits.length !== 64 && digits.length !== 128) {
		fail(
			`The keystore's "session_private_key" has ${digits.length} hex digits; an Ed25519 seed has 64.`,
		);
	}
	const bytes = Buffer.from(digits, 'hex');
	return ed25519Key(bytes.subarray(0, 32), digits.length === 128 ? bytes.subarray(32) : undefined, 'session_private_key');
}

/** Shape B: `private_key` is base64url (padding and standard base64 accepted) of seed‖public. */
function fromBase64(text: string) {
	const compact = text.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
		fail('The keystore\'s "private_key" is neither base64 nor a PEM key.');
	}
	const bytes = Buffer.from(compact.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''), 'base64url');
	if (bytes.length !== 64 && bytes.length !== 32) {
		fail(
			`The keystore's "private_key" decodes to ${bytes.length} bytes; an Ed25519 key has 64 (seed and public key).`,
		);
	}
	return ed25519Key(bytes.subarray(0, 32), bytes.length === 64 ? bytes.subarray(32) : undefined, 'private_key');
}

/** Shape C: a legacy RSA session, `private_key` in PEM (PKCS#1 "RSA PRIVATE KEY", PKCS#8 accepted). */
function fromPem(pem: string) {
	let privateKey: KeyObject;
	try {
		privateKey = createPrivateKey({ key: pem.replace(/\\n/g, '\n'), format: 'pem' });
	} catch {
		fail('The keystore\'s "private_key" looks like a PEM key but cannot be read.');
	}
	if (privateKey.asymmetricKeyType !== 'rsa') {
		fail(
			`The keystore's "private_key" is a PEM ${privateKey.asymmetricKeyType ?? 'unknown'} key; a PEM key in a Mixin keystore must be RSA.`,
		);
	}
	const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
	return { privateKey, publicKey: base64url(spki) };
}

/**
 * Parses a Mixin keystore.json in any of its three shapes. Errors name the field that is wrong and
 * never contain any part of a key, the PIN or the PIN token.
 */
export function parseKeystore(text: string, credential = 'Mixin Keystore API'): MixinKeystore {
	const field = `the Keystore field of the ${credential} credential`;
	if (typeof text !== 'string') fail(`The keystore must be text: check ${field}.`);
	const keystore = readJson(text, field);

	const appId = uuidField(keystore, ['app_id', 'client_id']);
	const sessionId = uuidField(keystore, ['session_id']);

	const hexSeed = stringField(keystore, ['session_private_key']);
	if (hexSeed !== undefined) {
		return { appId, sessionId, algorithm: 'EdDSA', shape: 'hex-seed', ...fromHex(hexSeed) };
	}
	const privateKey = stringField(keystore, ['private_key']);
	if (privateKey === undefined) {
		fail(
			'The keystore has no private key: expected "session_private_key" (hex) or "private_key" (base64 or RSA PEM).',
		);
	}
	if (privateKey.includes('-----BEGIN')) {
		return { appId, sessionId, algorithm: 'RS512', shape: 'rsa-pem', ...fromPem(privateKey) };
	}
	return { appId, sessionId, algorithm: 'EdDSA', shape: 'ed25519-base64', ...fromBase64(privateKey) };
}

/**
 * The spend key a keystore carries beside the session key (`spend_private_key`, or `spend_key` as some
 * tools write it), or undefined. Only the Mixin API credential's transfers read it.
 */
export function keystoreSpendKeyText(text: string): string | undefined {
	return stringField(readJson(text, 'the Keystore field'), ['spend_private_key', 'spend_key']);
}

const parsed = new Map<string, MixinKeystore>();
const PARSED_CACHE_LIMIT = 32;

/**
 * `parseKeystore` once per distinct keystore text in this process: the key is imported once, not on
 * every request. Keyed by a hash of the text, held in memory only.
 */
export function loadKeystore(text: string, credential?: string): MixinKeystore {
	const key = createHash('sha256').update(String(text)).digest('base64url');
	let keystore = parsed.get(key);
	if (!keystore) {
		keystore = parseKeystore(text, credential);
		if (parsed.size >= PARSED_CACHE_LIMIT) parsed.delete(parsed.keys().next().value as string);
		parsed.set(key, keystore);
	}
	return keystore;
}
