'use strict';
/**
 * Decoding and validating Mixin kernel transactions (version 5) for the Mixin simulator, as the kernel
 * and the Safe sequencer would: the official SDK decodes the unsigned part, a strict walk of the bytes
 * finds where it ends (and refuses deposits, mints, withdrawals, truncation, trailing bytes), the
 * signature maps after it are parsed here (the SDK 7.5.5 cannot decode signed raws with ≥ 2 inputs),
 * and every signature is checked with standard Ed25519 (noble) over the BLAKE3 hash of the unsigned
 * encoding. Independent of the package's own protocol code.
 */
const { ed25519 } = require('@noble/curves/ed25519.js');
const { blake3 } = require('@noble/hashes/blake3.js');
const { toUnits, fmt } = require('./mixin-state');

/**
 * Node's own require: jest's module loader cannot load the SDK's ESM-only dependencies
 * (@noble/ciphers, is-retry-allowed), Node 20.19+ can. Loaded on first use.
 */
const nodeRequire = /** @type {any} */ (process).getBuiltinModule('node:module').createRequire(__filename);
/** @type {any} */
let sdk = null;
/** @returns {typeof import('@mixin.dev/mixin-node-sdk')} */
const mixinSdk = () => sdk || (sdk = nodeRequire('@mixin.dev/mixin-node-sdk'));

const MAX_TX_BYTES = 4 * 1024 * 1024;
const MAX_EXTRA = 256;

/** A Mixin API error: HTTP 202 `{error:{status:202, code, description}}`. */
class MixinError extends Error {
	/** @param {number} code @param {string} description @param {number} [httpStatus] */
	constructor(code, description, httpStatus = 202) {
		super(description);
		this.code = code;
		this.description = description;
		this.httpStatus = httpStatus;
	}
}
/** @param {string} what */
const invalid = (what) => new MixinError(10002, `invalid field: ${what}`);

/**
 * The SDK's decoder prints small amounts in exponent notation (BigNumber's `1e-8`): as a plain decimal.
 * @param {unknown} value @returns {unknown}
 */
function plainDecimal(value) {
	const match = typeof value === 'string' ? /^(\d+)(?:\.(\d+))?e-(\d+)$/i.exec(value) : null;
	if (!match) return value;
	const digits = `${match[1]}${match[2] || ''}`;
	const point = match[1].length - Number(match[3]);
	return point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * Walks the unsigned part of a raw transaction; returns where the signature maps start.
 * @param {Buffer} buf
 */
function walk(buf) {
	let o = 0;
	/** @param {number} n @param {string} what */
	const take = (n, what) => {
		if (o + n > buf.length) throw invalid(`raw transaction truncated in ${what}`);
		const b = buf.subarray(o, o + n);
		o += n;
		return b;
	};
	const u16 = (/** @type {string} */ what) => take(2, what).readUInt16BE(0);
	if (take(2, 'magic').toString('hex') !== '7777') throw invalid('raw transaction: bad magic (want 7777)');
	const version = u16('version');
	if (version !== 5) throw invalid(`raw transaction: version ${version} (want 5)`);
	take(32, 'asset');
	const nIn = u16('inputs');
	for (let i = 0; i < nIn; i++) {
		take(34, `input ${i}`);
		if (u16(`input ${i} genesis`) !== 0) throw invalid(`input ${i}: genesis inputs are not transfers`);
		if (u16(`input ${i} deposit`) !== 0) throw invalid(`input ${i}: deposit inputs are not transfers`);
		if (u16(`input ${i} mint`) !== 0) throw invalid(`input ${i}: mint inputs are not transfers`);
	}
	const nOut = u16('outputs');
	/** @type {bigint[]} */
	const amounts = [];
	for (let i = 0; i < nOut; i++) {
		const type = take(2, `output ${i} type`);
		if (type[0] !== 0 || type[1] !== 0) throw invalid(`output ${i}: type ${type.toString('hex')} (want 0000, a script output)`);
		const len = u16(`output ${i} amount`);
		amounts.push(BigInt('0x' + (take(len, `output ${i} amount`).toString('hex') || '0')));
		take(32 * u16(`output ${i} keys`) + 32, `output ${i} keys and mask`);
		take(u16(`output ${i} script`), `output ${i} script`);
		if (u16(`output ${i} withdrawal`) !== 0) throw invalid(`output ${i}: withdrawals are not transfers`);
	}
	take(32 * u16('references'), 'references');
	if (o + 4 > buf.length) throw invalid('raw transaction truncated in extra');
	const extraLen = buf.readUInt32BE(o);
	o += 4;
	take(extraLen, 'extra');
	return { end: o, amounts };
}

/**
 * Signature maps after the unsigned part: u16 n_maps, per input u16 count, (u16 key index, 64-byte sig)…
 * @param {Buffer} buf @param {number} off
 */
function parseSignatureMaps(buf, off) {
	let o = off;
	const need = (/** @type {number} */ n) => {
		if (o + n > buf.length) throw invalid('raw transaction truncated in signatures');
	};
	need(2);
	const n = buf.readUInt16BE(o);
	o += 2;
	/** @type {{index: number, sig: Buffer}[][]} */
	const maps = [];
	for (let i = 0; i < n; i++) {
		need(2);
		const count = buf.readUInt16BE(o);
		o += 2;
		/** @type {{index: number, sig: Buffer}[]} */
		const entries = [];
		for (let j = 0; j < count; j++) {
			need(66);
			entries.push({ index: buf.readUInt16BE(o), sig: buf.subarray(o + 2, o + 66) });
			o += 66;
		}
		maps.push(entries);
	}
	if (o !== buf.length) throw invalid(`raw transaction: ${buf.length - o} bytes after the signatures`);
	return maps;
}

/**
 * Decodes a raw transaction (hex), signed or not.
 * @param {unknown} raw
 */
function decodeRaw(raw) {
	if (typeof raw !== 'string' || raw.length === 0 || raw.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(raw)) throw invalid('raw must be hex');
	const buf = Buffer.from(raw, 'hex');
	if (buf.length > MAX_TX_BYTES) throw invalid('raw transaction larger than 4 MiB');
	const { end, amounts } = walk(buf);
	const unsignedBuf = Buffer.concat([buf.subarray(0, end), Buffer.from('0000', 'hex')]);
	const unsignedHex = unsignedBuf.toString('hex');
	const signatureMaps = parseSignatureMaps(buf, end);
	/** @type {any} */
	let tx;
	try {
		tx = mixinSdk().decodeSafeTransaction(unsignedHex);
	} catch (e) {
		throw invalid(`raw transaction cannot be decoded (${/** @type {any} */ (e).message})`);
	}
	if (mixinSdk().encodeSafeTransaction(tx) !== unsignedHex) throw invalid('raw transaction is not in canonical encoding');
	tx.outputs.forEach((/** @type {any} */ out, /** @type {number} */ i) => {
		if (toUnits(plainDecimal(out.amount)) !== amounts[i]) throw invalid(`output ${i}: amount does not decode`);
	});
	const hash = Buffer.from(blake3(unsignedBuf)).toString('hex');
	return { tx, unsignedHex, hash, signatureMaps, amounts, extra: Buffer.from(tx.extra) };
}

/**
 * The kernel's checks of a transfer by `userId` against the simulator state (the signatures apart).
 * @param {ReturnType<import('./mixin-state').createMixinState>} state
 * @param {string} userId
 * @param {ReturnType<typeof decodeRaw>} d
 * @param {Set<string>} [spentInBatch] inputs spent by earlier transactions of the same submission
 * @returns {{asset: string, inputs: any[], outputs: {units: bigint, key: string, mask: string}[], extra: Buffer, total: bigint}}
 */
function validate(state, userId, d, spentInBatch = new Set()) {
	const { tx } = d;
	if (tx.inputs.length < 1 || tx.inputs.length > 256) throw invalid(`inputs: ${tx.inputs.length} (want 1..256)`);
	if (tx.outputs.length < 1 || tx.outputs.length > 256) throw invalid(`outputs: ${tx.outputs.length} (want 1..256)`);
	if (tx.references.length > 16) throw invalid('references: more than 16');
	for (const ref of tx.references) if (!state.outputs.some((o) => o.transaction_hash === ref)) throw invalid(`reference ${ref} is not a known transaction`);
	if (d.extra.length > MAX_EXTRA) throw invalid(`extra: ${d.extra.length} bytes (at most ${MAX_EXTRA})`);
	if (!state.assetOf(tx.asset)) throw invalid(`asset ${tx.asset} is not a known kernel asset id`);
	const seen = new Set();
	const inputs = tx.inputs.map((/** @type {{hash: string, index: number}} */ inp, /** @type {number} */ i) => {
		const ref = `${inp.hash}:${inp.index}`;
		if (seen.has(ref)) throw invalid(`input ${i} (${ref}) is used twice`);
		seen.add(ref);
		const out = state.outputByRef.get(ref);
		if (!out || out.receivers[0] !== userId) throw invalid(`input ${i} (${ref}) is not an output of the caller`);
		if (out.kernel_asset_id !== tx.asset) throw invalid(`input ${i} (${ref}) is asset ${out.kernel_asset_id}, the transaction's is ${tx.asset}`);
		if (out.state !== 'unspent') throw new MixinError(20117, `Insufficient balance: input ${i} (${ref}) is already spent by transaction ${out.signed_by}`);
		if (spentInBatch.has(ref)) throw new MixinError(20117, `Insufficient balance: input ${i} (${ref}) is spent by another transaction of this submission`);
		return out;
	});
	const keys = new Set();
	const outputs = tx.outputs.map((/** @type {any} */ o, /** @type {number} */ i) => {
		const units = d.amounts[i];
		if (units <= 0n) throw invalid(`output ${i}: amount must be more than 0`);
		if (o.script !== 'fffe01') throw invalid(`output ${i}: script ${o.script} (want fffe01, 1-of-1)`);
		if (o.keys.length !== 1) throw invalid(`output ${i}: ${o.keys.length} keys (only 1-of-1 outputs are supported)`);
		if (/^0+$/.test(o.mask)) throw invalid(`output ${i}: mask is zero`);
		const key = o.keys[0];
		if (keys.has(key)) throw invalid(`output ${i}: ghost key ${key} is used twice`);
		keys.add(key);
		const ghost = state.ghosts.get(key);
		if (!ghost) throw invalid(`output ${i}: key ${key} is not a ghost key from POST /safe/keys`);
		if (ghost.mask !== o.mask) throw invalid(`output ${i}: mask does not belong to ghost key ${key}`);
		if (ghost.lockedBy && ghost.lockedBy !== d.hash) throw invalid(`output ${i}: ghost key ${key} is locked by transaction ${ghost.lockedBy}`);
		return { units, key, mask: o.mask };
	});
	const totalIn = inputs.reduce((s, o) => s + /** @type {bigint} */ (toUnits(o.amount)), 0n);
	const totalOut = outputs.reduce((s, o) => s + o.units, 0n);
	if (totalIn !== totalOut) throw invalid(`amounts: inputs ${fmt(totalIn)} != outputs ${fmt(totalOut)}`);
	return { asset: tx.asset, inputs, outputs, extra: d.extra, total: totalOut };
}

/**
 * Each input's signature map must hold key index 0 (1-of-1) with an Ed25519 signature of the tx hash
 * by that input's key.
 * @param {ReturnType<typeof decodeRaw>} d @param {any[]} inputs
 */
function verifySignatures(d, inputs) {
	if (d.signatureMaps.length !== inputs.length) throw invalid(`signatures: ${d.signatureMaps.length} maps for ${inputs.length} inputs`);
	const msg = Buffer.from(d.hash, 'hex');
	d.signatureMaps.forEach((entries, i) => {
		if (entries.length !== 1 || entries[0].index !== 0) throw invalid(`input ${i}: signature map must hold exactly key index 0`);
		let good = false;
		try {
			good = ed25519.verify(entries[0].sig, msg, Buffer.from(inputs[i].keys[0], 'hex'), { zip215: false });
		} catch {
			good = false;
		}
		if (!good) throw invalid(`input ${i}: signature does not verify against key ${inputs[i].keys[0]}`);
	});
}

module.exports = { decodeRaw, validate, verifySignatures, MixinError, invalid, mixinSdk };
