import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

import {
	decodeTransaction,
	encodeTransaction,
	MAX_EXTRA_BYTES,
	MAX_INPUTS,
	MAX_OUTPUTS,
	type SafeTransaction,
	type SignatureMap,
	thresholdScript,
	TX_VERSION,
} from '../../mixin-safe/encoding';

import { randomTransaction, runSdk, SDK_TX, seededBytes, toSdkTransaction } from './sdk';
import * as v from './vectors';

const random = seededBytes('encoding');
const signaturesFor = (tx: SafeTransaction, keyIndexes: number[][]): SignatureMap[] =>
	tx.inputs.map((_, i) => new Map(keyIndexes[i % keyIndexes.length].map((k) => [k, random(64)])));

describe('the worked example', () => {
	it('encodes the unsigned raw, 313 bytes', () => {
		const raw = encodeTransaction(v.exampleTransaction());
		expect(raw).toHaveLength(313);
		expect(bytesToHex(raw)).toBe(v.UNSIGNED_RAW);
	});

	it('encodes the signed raw, 449 bytes, from the two signature maps', () => {
		const signatures = [new Map([[0, hexToBytes(v.SIG0)]]), new Map([[0, hexToBytes(v.SIG1)]])];
		const raw = encodeTransaction(v.exampleTransaction(), signatures);
		expect(raw).toHaveLength(449);
		expect(bytesToHex(raw)).toBe(v.SIGNED_RAW);
	});

	it('decodes both raws back to the transaction and its signatures', () => {
		expect(decodeTransaction(hexToBytes(v.UNSIGNED_RAW))).toEqual({ tx: v.exampleTransaction(), signatures: [] });
		const signed = decodeTransaction(hexToBytes(v.SIGNED_RAW));
		expect(signed.tx).toEqual(v.exampleTransaction());
		expect(signed.signatures.map((map) => [...map].map(([k, sig]) => [k, bytesToHex(sig)]))).toEqual([
			[[0, v.SIG0]],
			[[0, v.SIG1]],
		]);
	});
});

describe('encodeTransaction', () => {
	it('writes the threshold script ff fe t', () => {
		expect(thresholdScript(1)).toBe('fffe01');
		expect(thresholdScript(64)).toBe('fffe40');
		expect(() => thresholdScript(0)).toThrow(RangeError);
		expect(() => thresholdScript(65)).toThrow(RangeError);
	});

	it('writes a zero amount as the kernel does (0000), not as the SDK (000100)', () => {
		const tx = v.exampleTransaction();
		tx.outputs[1].amount = 0n;
		const hex = bytesToHex(encodeTransaction(tx));
		// type 0000, amount length 0000 and no bytes, then 1 key
		expect(hex).toContain(`0000` + `0000` + `0001${tx.outputs[1].keys[0]}`);
		expect(decodeTransaction(hexToBytes(hex)).tx.outputs[1].amount).toBe(0n);
	});

	it('sorts each signature map by key index', () => {
		const tx = v.exampleTransaction();
		const [a, b] = [random(64), random(64)];
		const raw = bytesToHex(encodeTransaction(tx, [new Map([[2, a], [0, b]]), new Map([[1, a]])]));
		const [hexA, hexB] = [bytesToHex(a), bytesToHex(b)];
		// 2 maps; the first has 2 signatures, key 0 then key 2; the second 1 signature, key 1
		expect(raw.endsWith(`0002` + `0002` + `0000${hexB}0002${hexA}` + `0001` + `0001${hexA}`)).toBe(true);
	});

	it.each<[string, (tx: SafeTransaction) => void, string]>([
		['version 4', (tx) => (tx.version = 4), `Only transaction version ${TX_VERSION}`],
		['no inputs', (tx) => (tx.inputs = []), 'A transaction has 1 to 256 inputs, this one has 0'],
		['257 inputs', (tx) => (tx.inputs = Array(MAX_INPUTS + 1).fill(tx.inputs[0])), '1 to 256 inputs, this one has 257'],
		['257 outputs', (tx) => (tx.outputs = Array(MAX_OUTPUTS + 1).fill(tx.outputs[0])), '1 to 256 outputs'],
		['17 references', (tx) => (tx.references = Array(17).fill(tx.inputs[0].hash)), '0 to 16 references'],
		['257 extra bytes', (tx) => (tx.extra = new Uint8Array(MAX_EXTRA_BYTES + 1)), 'the limit is 256'],
		['a short asset', (tx) => (tx.asset = 'abcd'), 'The asset must be 32 bytes, got 2'],
		['a non-hex key', (tx) => (tx.outputs[0].keys = ['zz'.repeat(32)]), 'Key 0 of output 0 is not hex'],
		['an odd-length script', (tx) => (tx.outputs[1].script = 'fffe0'), 'The script of output 1 is not hex'],
		['a negative amount', (tx) => (tx.outputs[0].amount = -1n), 'The amount of output 0 must be a non-negative bigint'],
		['an index above u16', (tx) => (tx.inputs[1].index = 0x10000), 'The index of input 1 must be an integer from 0 to 65535'],
	])('refuses %s with a RangeError naming the limit', (_, change, message) => {
		const tx = v.exampleTransaction();
		change(tx);
		expect(() => encodeTransaction(tx)).toThrow(RangeError);
		expect(() => encodeTransaction(tx)).toThrow(message);
	});

	it('refuses signature maps that do not match the inputs', () => {
		const tx = v.exampleTransaction();
		expect(() => encodeTransaction(tx, [new Map([[0, random(64)]])])).toThrow('one signature map per input: 2, got 1');
		expect(() => encodeTransaction(tx, [new Map([[0, random(63)]]), new Map()])).toThrow('must be 64 bytes');
	});

	it('takes exactly 256 inputs, 256 outputs and 256 extra bytes', () => {
		const tx = randomTransaction(random, { inputs: 256, outputs: 256, references: 16, extra: 256 });
		const raw = encodeTransaction(tx, signaturesFor(tx, [[0]]));
		expect(decodeTransaction(raw).tx).toEqual(tx);
	});
});

describe('decodeTransaction', () => {
	const raw = hexToBytes(v.SIGNED_RAW);

	it('round-trips random transactions, unsigned and signed with several inputs and keys', () => {
		for (let n = 0; n < 20; n++) {
			const tx = randomTransaction(random, { inputs: 1 + n, outputs: 1 + (n % 5), references: n % 4, extra: n * 13 });
			expect(decodeTransaction(encodeTransaction(tx))).toEqual({ tx, signatures: [] });
			const signatures = signaturesFor(tx, [[0], [0, 1], [3, 1, 2], []]);
			const decoded = decodeTransaction(encodeTransaction(tx, signatures));
			expect(decoded.tx).toEqual(tx);
			expect(decoded.signatures).toEqual(signatures.map((map) => new Map([...map].sort(([a], [b]) => a - b))));
		}
	});

	it('refuses every truncation and any trailing byte', () => {
		for (let length = 0; length < raw.length; length++) {
			expect(() => decodeTransaction(raw.slice(0, length))).toThrow(/truncated|trailing|signature maps/);
		}
		expect(() => decodeTransaction(new Uint8Array([...raw, 0]))).toThrow('Transaction has 1 trailing bytes');
	});

	it('refuses a wrong magic or version', () => {
		expect(() => decodeTransaction(hexToBytes(`7778${v.UNSIGNED_RAW.slice(4)}`))).toThrow('the magic is not 7777');
		expect(() => decodeTransaction(hexToBytes(`77770004${v.UNSIGNED_RAW.slice(8)}`))).toThrow('version 4 is not supported');
	});

	it('refuses what it does not read: deposits, withdrawals, aggregated signatures, non-minimal amounts', () => {
		/** The unsigned raw with `length` hex digits at hex position `at` replaced by `insert`. */
		const patched = (at: number, length: number, insert: string) =>
			hexToBytes(v.UNSIGNED_RAW.slice(0, at) + insert + v.UNSIGNED_RAW.slice(at + length));
		// magic+version 8, asset 64, input count 4, then hash 64, index 4, genesis 4: the deposit
		expect(() => decodeTransaction(patched(8 + 64 + 4 + 64 + 4 + 4, 4, '7777'))).toThrow('has a deposit');
		const withdrawal = v.UNSIGNED_RAW.indexOf('fffe01') + 6;
		expect(() => decodeTransaction(patched(withdrawal, 4, '7777'))).toThrow('has a withdrawal');
		expect(() => decodeTransaction(patched(v.UNSIGNED_RAW.length - 4, 4, 'ffff'))).toThrow('aggregated signature');
		const amount = v.UNSIGNED_RAW.indexOf('000403dfd240');
		expect(() => decodeTransaction(patched(amount, 12, '00050003dfd240'))).toThrow('non-minimal');
	});

});

describe('against the official SDK', () => {
	const txs = Array.from({ length: 12 }, (_, n) =>
		randomTransaction(random, {
			inputs: 1 + (n % 6),
			outputs: 1 + ((n * 7) % 5),
			references: n % 3,
			extra: [0, 1, 24, 255, 256][n % 5],
		}),
	);
	const signatures = txs.map((tx) => signaturesFor(tx, [[0], [1, 0], [5]]));
	const sdk = runSdk<{ unsigned: string[]; signed: string[] }>(
		`${SDK_TX}
		return {
			unsigned: input.txs.map((tx) => sdk.encodeSafeTransaction(sdkTx(tx))),
			signed: input.txs.map((tx, i) => sdk.encodeSafeTransaction(sdkTx(tx), input.signatures[i])),
		};`,
		{
			txs: txs.map(toSdkTransaction),
			// The SDK's signature map is an object of hex signatures by key index.
			signatures: signatures.map((maps) =>
				maps.map((map) => Object.fromEntries([...map].map(([k, sig]) => [k, bytesToHex(sig)]))),
			),
		},
	);

	it('encodes random transactions as encodeSafeTransaction does', () => {
		expect(txs.map((tx) => bytesToHex(encodeTransaction(tx)))).toEqual(sdk.unsigned);
	});

	it('encodes their signature maps as encodeSafeTransaction does', () => {
		expect(txs.map((tx, i) => bytesToHex(encodeTransaction(tx, signatures[i])))).toEqual(sdk.signed);
	});
});
