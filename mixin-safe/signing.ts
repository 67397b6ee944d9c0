/**
 * Signing a Safe transaction with the bot's spend key.
 *
 * A UTXO paid to the bot is locked to the one-time key (view + y)·G, where y is the bot's spend
 * scalar and `view` the per-input scalar the API returns from `POST /safe/transaction/requests`. So
 * each input is signed with Ed25519 using the scalar t = view + y directly, not a seed; the nonce is
 * derived from t as the Go kernel's `crypto.Key.Sign` does (`crypto/edwards25519` in
 * `MixinNetwork/mixin`), which the Node SDK's `signSafeTransaction` reproduces. The signature
 * verifies as standard Ed25519 against t·G.
 */
import { createHash } from 'node:crypto';

import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';

import { encodeTransaction, type SafeTransaction, type SignatureMap } from './encoding';
import { transactionHash } from './hashes';

const { Point } = ed25519;
const ORDER = Point.Fn.ORDER;

function sha512(...parts: Uint8Array[]): Uint8Array {
	const hash = createHash('sha512');
	for (const part of parts) {
		hash.update(part);
	}
	return new Uint8Array(hash.digest());
}

/** The 32-byte seed of a spend key given as 64 hex (seed) or 128 hex (seed ‖ public key). */
function spendSeed(spendKeyHex: string): Uint8Array {
	if (typeof spendKeyHex !== 'string' || !/^([0-9a-f]{64}|[0-9a-f]{128})$/i.test(spendKeyHex.trim())) {
		throw new RangeError('The spend key must be 64 hex characters (or 128, seed then public key)');
	}
	return hexToBytes(spendKeyHex.trim().slice(0, 64));
}

/**
 * The spend scalar y of a spend key: SHA-512 of the 32-byte seed, first half clamped as Ed25519
 * does, reduced mod ℓ (the Node SDK's `setBytesWithClamping`). Takes 64 hex (the seed) or 128 hex
 * (a TIP key, seed ‖ public key; only the seed is used, as both SDKs do).
 */
export function spendScalar(spendKeyHex: string): bigint {
	const half = sha512(spendSeed(spendKeyHex)).slice(0, 32);
	half[0] &= 248;
	half[31] &= 63;
	half[31] |= 64;
	return bytesToNumberLE(half) % ORDER;
}

/**
 * Hex of y·G, which is the Ed25519 public key of the spend seed: the `spend_public_key` a bot
 * registered with the Sequencer, useful to check a configured spend key before paying.
 */
export function spendPublicKey(spendKeyHex: string): string {
	return bytesToHex(ed25519.getPublicKey(spendSeed(spendKeyHex)));
}

/** Ed25519 signature of `message` by the scalar `t` (not a seed), nonce derived from t's bytes. */
function signWithScalar(t: bigint, message: Uint8Array): Uint8Array {
	const tBytes = numberToBytesLE(t, 32);
	const z = bytesToNumberLE(sha512(sha512(tBytes).slice(32), message)) % ORDER;
	const r = Point.BASE.multiply(z).toBytes();
	const publicKey = Point.BASE.multiply(t).toBytes();
	const k = bytesToNumberLE(sha512(r, publicKey, message)) % ORDER;
	return concatBytes(r, numberToBytesLE((k * t + z) % ORDER, 32));
}

/**
 * Signs every input of `tx`: `views[i]` is the hex 32-byte scalar the API returned for input i,
 * `y` the spend scalar ({@link spendScalar}). Each input gets one signature, by t = view + y mod ℓ
 * under key index 0 (a 1-of-1 UTXO), over the 32-byte transaction hash.
 *
 * Returns the signed encoding (the unsigned one with the signature maps in place of its final
 * `0000`), the transaction hash, and the maps. Views must be canonical scalars (below ℓ), as the
 * SDKs require; error messages never show a view or y.
 */
export function signTransaction(
	tx: SafeTransaction,
	views: string[],
	y: bigint,
): { raw: Uint8Array; hash: string; signatures: SignatureMap[] } {
	if (typeof y !== 'bigint' || y <= 0n || y >= ORDER) {
		throw new RangeError('The spend scalar is not a valid Ed25519 scalar');
	}
	if (views.length !== tx.inputs.length) {
		throw new RangeError(`Got ${views.length} views for ${tx.inputs.length} inputs; one view per input is needed`);
	}
	const hash = transactionHash(encodeTransaction(tx));
	const message = hexToBytes(hash);
	const signatures = views.map((view, i) => {
		if (typeof view !== 'string' || !/^[0-9a-f]{64}$/i.test(view)) {
			throw new RangeError(`The view of input ${i} is not 32 bytes of hex`);
		}
		const x = bytesToNumberLE(hexToBytes(view));
		if (x >= ORDER) {
			throw new RangeError(`The view of input ${i} is not a canonical scalar`);
		}
		const t = (x + y) % ORDER;
		if (t === 0n) {
			throw new RangeError(`The key of input ${i} is zero`);
		}
		const map: SignatureMap = new Map([[0, signWithScalar(t, message)]]);
		return map;
	});
	return { raw: encodeTransaction(tx, signatures), hash, signatures };
}
