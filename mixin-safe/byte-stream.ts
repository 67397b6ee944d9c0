/**
 * Big-endian byte writing and reading for the kernel's transaction encoding: fixed-size fields,
 * u16-length-prefixed fields and minimal big-endian integers, with range and bounds checks, so that
 * `encoding.ts` reads as the list of fields of the format. Internal to this folder.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

const U16_MAX = 0xffff;

/** Hex text as bytes, checked to be hex and, if given, `length` bytes long. */
export function hexField(hex: string, length: number | undefined, what: string): Uint8Array {
	let bytes: Uint8Array;
	try {
		bytes = hexToBytes(hex);
	} catch {
		throw new RangeError(`${what} is not hex`);
	}
	if (length !== undefined && bytes.length !== length) {
		throw new RangeError(`${what} must be ${length} bytes, got ${bytes.length}`);
	}
	return bytes;
}

/** Big-endian bytes into a growing buffer; every write checks its range. */
export class Writer {
	private readonly chunks: Uint8Array[] = [];

	bytes(data: Uint8Array): void {
		this.chunks.push(data);
	}

	u16(value: number, what: string): void {
		if (!Number.isInteger(value) || value < 0 || value > U16_MAX) {
			throw new RangeError(`${what} must be an integer from 0 to ${U16_MAX}`);
		}
		this.chunks.push(Uint8Array.of(value >> 8, value & 0xff));
	}

	u32(value: number): void {
		const out = new Uint8Array(4);
		new DataView(out.buffer).setUint32(0, value);
		this.chunks.push(out);
	}

	/** u16 length, then the data (the kernel's `WriteInt(len(b)); Write(b)`). */
	sized(data: Uint8Array, what: string): void {
		this.u16(data.length, `The length of ${what}`);
		this.bytes(data);
	}

	/** An amount as minimal unsigned big-endian bytes, none for zero (the kernel's `WriteInteger`). */
	integer(value: bigint, what: string): void {
		if (typeof value !== 'bigint' || value < 0n) {
			throw new RangeError(`${what} must be a non-negative bigint`);
		}
		const hex = value === 0n ? '' : value.toString(16);
		this.sized(hexToBytes(hex.length % 2 ? `0${hex}` : hex), what);
	}

	result(): Uint8Array {
		const out = new Uint8Array(this.chunks.reduce((sum, chunk) => sum + chunk.length, 0));
		let offset = 0;
		for (const chunk of this.chunks) {
			out.set(chunk, offset);
			offset += chunk.length;
		}
		return out;
	}
}

/** Reads the fields back in order; every read fails on missing bytes instead of reading past. */
export class Reader {
	private offset = 0;

	constructor(private readonly raw: Uint8Array) {}

	bytes(n: number, what: string): Uint8Array {
		if (this.offset + n > this.raw.length) {
			throw new Error(`Transaction truncated: ${what} needs ${n} bytes at offset ${this.offset}`);
		}
		const out = this.raw.slice(this.offset, this.offset + n);
		this.offset += n;
		return out;
	}

	hex(n: number, what: string): string {
		return bytesToHex(this.bytes(n, what));
	}

	u8(what: string): number {
		return this.bytes(1, what)[0];
	}

	u16(what: string): number {
		const [high, low] = this.bytes(2, what);
		return (high << 8) | low;
	}

	u32(what: string): number {
		return new DataView(this.bytes(4, what).buffer).getUint32(0);
	}

	sized(what: string): Uint8Array {
		return this.bytes(this.u16(`the length of ${what}`), what);
	}

	/** A u16 that must be 0: the encoding of an absent genesis, deposit, mint or withdrawal. */
	none(what: string): void {
		if (this.u16(what) !== 0) {
			throw new Error(`Transaction has ${what}, which this decoder does not support`);
		}
	}

	integer(what: string): bigint {
		const bytes = this.sized(what);
		if (bytes.length > 0 && bytes[0] === 0) {
			throw new Error(`Transaction has a non-minimal encoding of ${what}`);
		}
		return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
	}

	end(): void {
		if (this.offset !== this.raw.length) {
			throw new Error(`Transaction has ${this.raw.length - this.offset} trailing bytes`);
		}
	}
}
