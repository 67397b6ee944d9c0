/**
 * The Mixin kernel's binary transaction format, version 5, for script outputs (all that a transfer
 * between Mixin users needs).
 *
 * Written field by field in the order of the kernel's `EncodeTransaction` (`common/encoding.go` in
 * `MixinNetwork/mixin`), which the Node SDK's `encodeSafeTransaction` also follows; the decoder reads
 * the same fields in the same order. Integers are big-endian; counts and lengths are u16 except the
 * extra's, which is u32.
 */
import { bytesToHex } from '@noble/hashes/utils.js';

import { hexField, Reader, Writer } from './byte-stream';

/** The transaction version this module reads and writes (`TxVersionHashSignature` in the kernel). */
export const TX_VERSION = 5;
/** Kernel limit on inputs of one transaction (`common/validation.go`). */
export const MAX_INPUTS = 256;
/** Kernel limit on outputs of one transaction (`common/validation.go`). */
export const MAX_OUTPUTS = 256;
/** Kernel limit on references of one transaction (`common/validation.go`). */
export const MAX_REFERENCES = 16;
/** Extra bytes the kernel takes without a XIN storage output paying for more (`common/validation.go`). */
export const MAX_EXTRA_BYTES = 256;

/** A UTXO being spent: the transaction that made it and its output position there. */
export interface SafeInput {
	/** Hex of the 32-byte transaction hash. */
	hash: string;
	index: number;
}

/** A new UTXO: amount, one-time keys of its receivers, and the script saying how many must sign. */
export interface SafeOutput {
	/** 0 = script output, the only kind a transfer makes. */
	type: number;
	/** Units of 10^-8. */
	amount: bigint;
	/** Hex of each 32-byte ghost key. */
	keys: string[];
	/** Hex of the 32-byte mask (R) of the ghost keys. */
	mask: string;
	/** Hex of the script, e.g. `fffe01` for 1-of-n. */
	script: string;
}

/** A version-5 transaction without its signatures. */
export interface SafeTransaction {
	version: number;
	/** Hex kernel asset id (SHA3-256 of the asset UUID). */
	asset: string;
	inputs: SafeInput[];
	outputs: SafeOutput[];
	/** Hex of referenced 32-byte transaction hashes. */
	references: string[];
	/** Raw bytes, e.g. the UTF-8 of a memo. */
	extra: Uint8Array;
}

/** Signatures of one input: key index in the UTXO's `keys` → 64-byte Ed25519 signature. */
export type SignatureMap = Map<number, Uint8Array>;

const MAGIC = [0x77, 0x77];
/** Signature-map count that announces an aggregated signature instead of per-input maps. */
const AGGREGATED = 0xffff;

/**
 * The threshold script `ff fe t` (`common/script.go`): t of the output's keys must sign to spend it.
 * `thresholdScript(1)` is `fffe01`, the script of every 1-of-1 transfer output.
 */
export function thresholdScript(threshold: number): string {
	if (!Number.isInteger(threshold) || threshold < 1 || threshold > 0x40) {
		throw new RangeError('A threshold must be an integer from 1 to 64');
	}
	return `fffe${threshold.toString(16).padStart(2, '0')}`;
}

function count(n: number, min: number, max: number, what: string): number {
	if (n < min || n > max) {
		throw new RangeError(`A transaction has ${min} to ${max} ${what}, this one has ${n}`);
	}
	return n;
}

function writeSignatures(w: Writer, map: SignatureMap, input: number): void {
	const entries = [...map.entries()].sort(([a], [b]) => a - b);
	w.u16(entries.length, `The signature count of input ${input}`);
	for (const [keyIndex, signature] of entries) {
		w.u16(keyIndex, `A key index of input ${input}`);
		if (!(signature instanceof Uint8Array) || signature.length !== 64) {
			throw new RangeError(`Each signature of input ${input} must be 64 bytes`);
		}
		w.bytes(signature);
	}
}

/**
 * Encodes a transaction. Without signatures (or with none) the encoding ends with a u16 0 and is
 * what the transaction hash is taken of; with signatures there must be one map per input.
 *
 * Refuses, with a RangeError naming the limit, what the kernel would reject and is cheap to see:
 * other versions, 0 or more than 256 inputs or outputs, more than 16 references, more than 256
 * extra bytes, wrong-sized hashes and keys. A zero amount is written as the kernel writes it
 * (`0000`), though the kernel accepts no zero output.
 */
export function encodeTransaction(tx: SafeTransaction, signatures: SignatureMap[] = []): Uint8Array {
	if (tx.version !== TX_VERSION) {
		throw new RangeError(`Only transaction version ${TX_VERSION} is supported`);
	}
	if (signatures.length !== 0 && signatures.length !== tx.inputs.length) {
		throw new RangeError(
			`A signed transaction has one signature map per input: ${tx.inputs.length}, got ${signatures.length}`,
		);
	}
	const w = new Writer();
	w.bytes(Uint8Array.from(MAGIC));
	w.bytes(Uint8Array.of(0x00, tx.version));
	w.bytes(hexField(tx.asset, 32, 'The asset'));

	w.u16(count(tx.inputs.length, 1, MAX_INPUTS, 'inputs'), 'The input count');
	tx.inputs.forEach((input, i) => {
		w.bytes(hexField(input.hash, 32, `The hash of input ${i}`));
		w.u16(input.index, `The index of input ${i}`);
		w.u16(0, 'The genesis length'); // no genesis
		w.u16(0, 'The deposit'); // no deposit
		w.u16(0, 'The mint'); // no mint
	});

	w.u16(count(tx.outputs.length, 1, MAX_OUTPUTS, 'outputs'), 'The output count');
	tx.outputs.forEach((output, i) => {
		if (!Number.isInteger(output.type) || output.type < 0 || output.type > 0xff) {
			throw new RangeError(`The type of output ${i} must be a byte`);
		}
		w.bytes(Uint8Array.of(0x00, output.type));
		w.integer(output.amount, `The amount of output ${i}`);
		w.u16(output.keys.length, `The key count of output ${i}`);
		output.keys.forEach((key, k) => w.bytes(hexField(key, 32, `Key ${k} of output ${i}`)));
		w.bytes(hexField(output.mask, 32, `The mask of output ${i}`));
		w.sized(hexField(output.script, undefined, `The script of output ${i}`), `the script of output ${i}`);
		w.u16(0, 'The withdrawal'); // no withdrawal
	});

	w.u16(count(tx.references.length, 0, MAX_REFERENCES, 'references'), 'The reference count');
	tx.references.forEach((reference, i) => w.bytes(hexField(reference, 32, `Reference ${i}`)));

	if (tx.extra.length > MAX_EXTRA_BYTES) {
		throw new RangeError(`The extra is ${tx.extra.length} bytes; the limit is ${MAX_EXTRA_BYTES}`);
	}
	w.u32(tx.extra.length);
	w.bytes(tx.extra);

	w.u16(signatures.length, 'The signature map count');
	signatures.forEach((map, i) => writeSignatures(w, map, i));
	return w.result();
}

function readSignatures(r: Reader, input: number): SignatureMap {
	const map: SignatureMap = new Map();
	const n = r.u16(`the signature count of input ${input}`);
	for (let s = 0; s < n; s++) {
		const keyIndex = r.u16(`a key index of input ${input}`);
		if (map.has(keyIndex)) {
			throw new Error(`Transaction signs key ${keyIndex} of input ${input} twice`);
		}
		map.set(keyIndex, r.bytes(64, `a signature of input ${input}`));
	}
	return map;
}

/**
 * Decodes what {@link encodeTransaction} writes: a version-5 transaction of script outputs with its
 * per-input signature maps (none if unsigned). Throws an Error on a wrong magic or version, missing
 * or trailing bytes, a non-minimal amount, and on what this module does not write (genesis, deposit,
 * mint, withdrawal, aggregated signatures). Unlike the Node SDK 7.5.5 decoder, it reads signed
 * transactions of several inputs.
 */
export function decodeTransaction(raw: Uint8Array): { tx: SafeTransaction; signatures: SignatureMap[] } {
	const r = new Reader(raw);
	const magic = r.bytes(2, 'the magic');
	if (magic[0] !== MAGIC[0] || magic[1] !== MAGIC[1]) {
		throw new Error('Not a Mixin transaction: the magic is not 7777');
	}
	const version = r.u16('the version');
	if (version !== TX_VERSION) {
		throw new Error(`Transaction version ${version} is not supported, only ${TX_VERSION}`);
	}
	const asset = r.hex(32, 'the asset');

	const inputs: SafeInput[] = [];
	for (let i = r.u16('the input count'); i > 0; i--) {
		const hash = r.hex(32, 'an input hash');
		const index = r.u16('an input index');
		r.none('a genesis');
		r.none('a deposit');
		r.none('a mint');
		inputs.push({ hash, index });
	}

	const outputs: SafeOutput[] = [];
	for (let i = r.u16('the output count'); i > 0; i--) {
		if (r.u8('an output type') !== 0x00) {
			throw new Error('Transaction has an output type above 255');
		}
		const type = r.u8('an output type');
		const amount = r.integer('an output amount');
		const keys: string[] = [];
		for (let k = r.u16('a key count'); k > 0; k--) {
			keys.push(r.hex(32, 'an output key'));
		}
		const mask = r.hex(32, 'an output mask');
		const script = bytesToHex(r.sized('an output script'));
		r.none('a withdrawal');
		outputs.push({ type, amount, keys, mask, script });
	}

	const references: string[] = [];
	for (let i = r.u16('the reference count'); i > 0; i--) {
		references.push(r.hex(32, 'a reference'));
	}
	const extraLength = r.u32('the extra length');
	const extra = r.bytes(extraLength, 'the extra');

	const mapCount = r.u16('the signature map count');
	if (mapCount === AGGREGATED) {
		throw new Error('Transaction has an aggregated signature, which this decoder does not support');
	}
	if (mapCount !== 0 && mapCount !== inputs.length) {
		throw new Error(`Transaction has ${mapCount} signature maps for ${inputs.length} inputs`);
	}
	const signatures: SignatureMap[] = [];
	for (let i = 0; i < mapCount; i++) {
		signatures.push(readSignatures(r, i));
	}
	r.end();
	return { tx: { version, asset, inputs, outputs, references, extra }, signatures };
}
