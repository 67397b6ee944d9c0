import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

import { decodeTransaction, encodeTransaction } from '../../mixin-safe/encoding';
import { transactionHash } from '../../mixin-safe/hashes';
import { signTransaction, spendPublicKey, spendScalar } from '../../mixin-safe/signing';

import { randomScalarHex, randomTransaction, runSdk, SDK_TX, seededBytes, toSdkTransaction } from './sdk';
import * as v from './vectors';

const { Point } = ed25519;
const ORDER = Point.Fn.ORDER;
const random = seededBytes('signing');
const scalarHex = (n: bigint) => bytesToHex(numberToBytesLE(n, 32));
/** The UTXO key an input's signature must verify against: (view + y)·G. */
const inputKey = (view: string, y: bigint) => Point.BASE.multiply((bytesToNumberLE(hexToBytes(view)) + y) % ORDER).toBytes();

describe('the worked example', () => {
	const y = spendScalar(v.SPEND_KEY);

	it('gives y and the spend public key, which is y·G', () => {
		expect(scalarHex(y)).toBe(v.Y);
		expect(spendPublicKey(v.SPEND_KEY)).toBe(v.SPEND_PUBLIC_KEY);
		expect(bytesToHex(Point.BASE.multiply(y).toBytes())).toBe(v.SPEND_PUBLIC_KEY);
	});

	it('signs both inputs as the SDK did and gives the signed raw', () => {
		const signed = signTransaction(v.exampleTransaction(), v.VIEWS, y);
		expect(signed.hash).toBe(v.TX_HASH);
		expect(signed.signatures.map((map) => [...map.keys()])).toEqual([[0], [0]]);
		expect(signed.signatures.map((map) => bytesToHex(map.get(0)!))).toEqual([v.SIG0, v.SIG1]);
		expect(signed.raw).toHaveLength(449);
		expect(bytesToHex(signed.raw)).toBe(v.SIGNED_RAW);
	});

	it('signs alike with a 128-hex TIP key (seed ‖ public key), upper-case or padded', () => {
		for (const key of [v.SPEND_KEY + v.SPEND_PUBLIC_KEY, v.SPEND_KEY.toUpperCase(), ` ${v.SPEND_KEY}\n`]) {
			expect(spendScalar(key)).toBe(y);
			expect(spendPublicKey(key)).toBe(v.SPEND_PUBLIC_KEY);
			expect(bytesToHex(signTransaction(v.exampleTransaction(), v.VIEWS, spendScalar(key)).raw)).toBe(v.SIGNED_RAW);
		}
	});

	it('gives signatures that verify as Ed25519 against (view + y)·G over the transaction hash', () => {
		const signed = signTransaction(v.exampleTransaction(), v.VIEWS, y);
		signed.signatures.forEach((map, i) => {
			expect(ed25519.verify(map.get(0)!, hexToBytes(v.TX_HASH), inputKey(v.VIEWS[i], y))).toBe(true);
			expect(ed25519.verify(map.get(0)!, hexToBytes(v.TX_HASH), inputKey(v.VIEWS[1 - i], y))).toBe(false);
		});
	});
});

describe('signTransaction', () => {
	const y = spendScalar(v.SPEND_KEY);
	const tx = v.exampleTransaction();

	it('needs one view per input', () => {
		expect(() => signTransaction(tx, [v.VIEWS[0]], y)).toThrow('Got 1 views for 2 inputs');
	});

	it('refuses a non-canonical view without showing it', () => {
		const nonCanonical = scalarHex(ORDER); // ℓ itself, the smallest non-canonical encoding
		const unreduced = bytesToHex(numberToBytesLE(bytesToNumberLE(hexToBytes(v.VIEWS[1])) + ORDER, 32));
		for (const view of [nonCanonical, unreduced, 'ff'.repeat(32)]) {
			let message = '';
			try {
				signTransaction(tx, [v.VIEWS[0], view], y);
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message).toBe('The view of input 1 is not a canonical scalar');
		}
		expect(() => signTransaction(tx, [v.VIEWS[0], 'xyz'], y)).toThrow('The view of input 1 is not 32 bytes of hex');
	});

	it('refuses a spend scalar that is not one', () => {
		expect(() => signTransaction(tx, v.VIEWS, 0n)).toThrow('The spend scalar is not a valid Ed25519 scalar');
		expect(() => signTransaction(tx, v.VIEWS, ORDER)).toThrow(RangeError);
	});

	it('refuses spend keys of other lengths without showing them', () => {
		for (const key of ['', v.SPEND_KEY.slice(2), `${v.SPEND_KEY}00`, `${v.SPEND_KEY.slice(1)}g`]) {
			expect(() => spendScalar(key)).toThrow('The spend key must be 64 hex characters (or 128, seed then public key)');
		}
	});

	it('leaves the transaction hash as it was: the signed raw decodes to the same unsigned transaction', () => {
		const signed = signTransaction(tx, v.VIEWS, y);
		const decoded = decodeTransaction(signed.raw);
		expect(transactionHash(encodeTransaction(decoded.tx))).toBe(signed.hash);
		expect(decoded.signatures).toEqual(signed.signatures);
	});
});

describe('against the official SDK', () => {
	const cases = Array.from({ length: 6 }, (_, n) => {
		const tx = randomTransaction(random, { inputs: 1 + n * 2, outputs: 1 + (n % 3), references: n % 2, extra: 8 * n });
		const spendKey = bytesToHex(random(32));
		return { tx, spendKey, views: tx.inputs.map(() => randomScalarHex(random)) };
	});
	const sdk = runSdk<{ signed: string[]; y: string[] }>(
		`${SDK_TX}
		return {
			signed: input.cases.map((c) => sdk.signSafeTransaction(sdkTx(c.tx), c.views, c.spendKey)),
			y: input.cases.map((c) => {
				const seedHash = sdk.sha512Hash(Buffer.from(c.spendKey, 'hex'));
				const y = sdk.edwards25519.setBytesWithClamping(seedHash.subarray(0, 32));
				return Buffer.from(sdk.edwards25519.scalar.toBytes(y)).toString('hex');
			}),
		};`,
		{ cases: cases.map((c) => ({ ...c, tx: toSdkTransaction(c.tx) })) },
	);

	it('gives y as the SDK does for random spend keys', () => {
		expect(cases.map((c) => scalarHex(spendScalar(c.spendKey)))).toEqual(sdk.y);
	});

	it('signs random transactions of 1 to 11 inputs as signSafeTransaction does, and the signatures verify', () => {
		cases.forEach((c, n) => {
			const y = spendScalar(c.spendKey);
			const signed = signTransaction(c.tx, c.views, y);
			expect(bytesToHex(signed.raw)).toBe(sdk.signed[n]);
			signed.signatures.forEach((map, i) => {
				expect(ed25519.verify(map.get(0)!, hexToBytes(signed.hash), inputKey(c.views[i], y))).toBe(true);
			});
		});
	});
});
