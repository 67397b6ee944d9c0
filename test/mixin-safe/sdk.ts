import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';

import { ed25519 } from '@noble/curves/ed25519.js';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';

import { formatAmount, type SafeTransaction } from '../../mixin-safe';

/**
 * Runs `body` against the official `@mixin.dev/mixin-node-sdk` in a plain Node process and returns
 * its JSON result. `sdk` and `input` are in scope; `body` may `await` and must `return`.
 *
 * A separate process because the SDK requires ESM-only packages (`@noble/ciphers`, `uuid` 14,
 * `is-retry-allowed`) that jest's CommonJS loader cannot load untransformed, while Node 20.19+ can:
 * the SDK runs exactly as shipped. One process per call (~0.3 s), so callers batch their cases.
 */
export function runSdk<T>(body: string, input: unknown): T {
	const script = [
		"const sdk = require('@mixin.dev/mixin-node-sdk');",
		"const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));",
		`(async () => { ${body} })().then((out) => process.stdout.write(JSON.stringify(out)));`,
	].join('\n');
	const out = execFileSync(process.execPath, ['-e', script], {
		cwd: path.resolve(__dirname, '../..'),
		input: JSON.stringify(input),
		encoding: 'utf8',
	});
	return JSON.parse(out) as T;
}

/** Deterministic pseudo-random bytes, so a failing cross-check can be replayed. */
export function seededBytes(seed: string): (length: number) => Uint8Array {
	let counter = 0;
	return (length) => {
		const out = new Uint8Array(length);
		for (let offset = 0; offset < length; offset += 32) {
			const block = createHash('sha256').update(`${seed}/${counter++}`).digest();
			out.set(block.subarray(0, Math.min(32, length - offset)), offset);
		}
		return out;
	};
}

/** A random canonical scalar (below ℓ), as hex of its 32 little-endian bytes. */
export function randomScalarHex(random: (length: number) => Uint8Array): string {
	const wide = random(64).reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
	return bytesToHex(numberToBytesLE(wide % ed25519.Point.Fn.ORDER, 32));
}

/** A random valid curve point, as a ghost key or mask would be. */
export function randomPointHex(random: (length: number) => Uint8Array): string {
	const scalar = BigInt(`0x${bytesToHex(random(32))}`) % ed25519.Point.Fn.ORDER;
	return bytesToHex(ed25519.Point.BASE.multiply(scalar === 0n ? 1n : scalar).toBytes());
}

/** A random transaction of script outputs, within the kernel's limits. */
export function randomTransaction(
	random: (length: number) => Uint8Array,
	shape: { inputs: number; outputs: number; references: number; extra: number },
): SafeTransaction {
	const small = (max: number) => random(2).reduce((n, byte) => n * 256 + byte, 0) % max;
	return {
		version: 5,
		asset: bytesToHex(random(32)),
		inputs: Array.from({ length: shape.inputs }, () => ({ hash: bytesToHex(random(32)), index: small(1025) })),
		outputs: Array.from({ length: shape.outputs }, (_, i) => ({
			type: 0,
			// From 1 unit up to ~2^64 units, so 1- to 8-byte amounts all occur.
			amount: (BigInt(`0x${bytesToHex(random(8))}`) >> BigInt(i % 64)) + 1n,
			keys: Array.from({ length: 1 + small(3) }, () => randomPointHex(random)),
			mask: randomPointHex(random),
			script: `fffe0${1 + small(3)}`,
		})),
		references: Array.from({ length: shape.references }, () => bytesToHex(random(32))),
		extra: random(shape.extra),
	};
}

/** The transaction in the shape the SDK's `encodeSafeTransaction` takes, as JSON (extra in hex). */
export function toSdkTransaction(tx: SafeTransaction): unknown {
	return {
		...tx,
		outputs: tx.outputs.map((output) => ({ ...output, amount: formatAmount(output.amount) })),
		extra: bytesToHex(tx.extra),
	};
}

/** JavaScript for {@link runSdk}: `sdkTx(json)` turns {@link toSdkTransaction}'s JSON back into the SDK's shape. */
export const SDK_TX = "const sdkTx = (tx) => ({ ...tx, extra: Buffer.from(tx.extra, 'hex') });";
