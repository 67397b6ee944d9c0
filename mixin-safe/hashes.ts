/**
 * The hashes and name-based UUIDs of the Mixin Safe protocol, as pure functions of their text.
 *
 * Mixin's kernel calls SHA3-256 its "hash" (`crypto/hash.go` in `MixinNetwork/mixin`) and hashes
 * transactions with BLAKE3 (`common/version.go`, `PayloadHash`); the hint of a ghost-key request is
 * an MD5-based UUID of two BLAKE3 digests, as the official Node SDK computes it.
 */
import { createHash } from 'node:crypto';

import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

import { MAX_OUTPUTS } from './encoding';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether the text is a UUID in its usual 8-4-4-4-12 hex form (any version, any case). */
export function isUuid(text: string): boolean {
	return typeof text === 'string' && UUID.test(text);
}

function uuidBytes(uuid: string, what: string): Uint8Array {
	if (!isUuid(uuid)) {
		throw new RangeError(`${what} must be a UUID such as 4d8c508b-91c5-375b-92b0-ee702ed2dac5`);
	}
	return hexToBytes(uuid.replace(/-/g, ''));
}

/** A 16-byte hash as an RFC 4122 UUID of the given version (the 4 version and 2 variant bits set). */
function hashUuid(digest: Uint8Array, version: number): string {
	const bytes = digest.slice(0, 16);
	bytes[6] = (bytes[6] & 0x0f) | (version << 4);
	bytes[8] = (bytes[8] & 0x3f) | 0x80;
	const hex = bytesToHex(bytes);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sha3Hex(data: Uint8Array | string): string {
	return createHash('sha3-256').update(data).digest('hex');
}

/**
 * The kernel asset id of an asset UUID: hex SHA3-256 of the UUID text, lower-cased first (the
 * kernel's `common/asset.go`; the SDK's `newHash(Buffer.from(uuid))`). `/safe/outputs` reports it
 * as `asset`/`kernel_asset_id`, and a transaction names its asset by it.
 */
export function kernelAssetId(assetUuid: string): string {
	uuidBytes(assetUuid, 'The asset id');
	return sha3Hex(assetUuid.toLowerCase());
}

/**
 * The `members` hash that `/safe/outputs` filters by: hex SHA3-256 of the member UUIDs, sorted and
 * concatenated (the SDK's `hashMembers`, the Go SDK's `HashMembers`). The members are lower-cased
 * before sorting, as the API writes them; the argument is not modified (the SDK sorts it in place).
 */
export function membersHash(members: string[]): string {
	if (members.length === 0) {
		throw new RangeError('A members hash needs at least one member');
	}
	const ids = members.map((member) => {
		uuidBytes(member, 'Each member');
		return member.toLowerCase();
	});
	return sha3Hex(ids.sort().join(''));
}

/** The minimal big-endian bytes of a non-negative integer, none for zero (the SDK's `integerToBytes`). */
function minimalBigEndian(value: number): Uint8Array {
	const bytes: number[] = [];
	for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) {
		bytes.unshift(rest % 256);
	}
	return Uint8Array.from(bytes);
}

/**
 * The `hint` of a `POST /safe/keys` request for output `outputIndex` of the transaction with this
 * request id, byte for byte as the official Node SDK's `ghostKey` makes it: with
 * a = hex(BLAKE3(request id text)) and b = hex(BLAKE3(BLAKE3(request id text) ‖ minimal big-endian
 * bytes of the index, none for 0)), the hint is MD5 of the two hex strings sorted and concatenated,
 * shaped as a version-3 UUID. (The Go SDK concatenates a then b without sorting.)
 *
 * The same request id and index always give the same hint, hence the same ghost keys, which the
 * kernel lets only one transaction use: that is what makes a retried payment unable to pay twice.
 * The request id text is hashed exactly as given; pass the lower-case form the API uses.
 */
export function ghostKeyHint(requestId: string, outputIndex: number): string {
	if (typeof requestId !== 'string' || requestId.length === 0) {
		throw new RangeError('A ghost key hint needs a request id');
	}
	if (!Number.isInteger(outputIndex) || outputIndex < 0 || outputIndex >= MAX_OUTPUTS) {
		throw new RangeError(`The output index must be an integer from 0 to ${MAX_OUTPUTS - 1}`);
	}
	const traceHash = blake3(utf8ToBytes(requestId));
	const seedHash = blake3(concatBytes(traceHash, minimalBigEndian(outputIndex)));
	const [low, high] = [bytesToHex(traceHash), bytesToHex(seedHash)].sort();
	return md5Uuid(low + high);
}

/**
 * Hex BLAKE3-256 of a transaction encoded without signatures: the transaction hash (the kernel's
 * `PayloadHash` in `common/version.go`). It is also the message every input signs.
 */
export function transactionHash(unsignedRaw: Uint8Array): string {
	return bytesToHex(blake3(unsignedRaw));
}

/**
 * MD5 of the text shaped as a version-3 UUID, as Mixin derives ids from names: the Node SDK's
 * `uniqueConversationID` (used for ghost-key hints) and the Android app's missing snapshot ids.
 * Unlike RFC 4122 version 3 there is no namespace.
 */
export function md5Uuid(text: string): string {
	return hashUuid(createHash('md5').update(text, 'utf8').digest(), 3);
}

/**
 * RFC 4122 version-5 UUID: SHA-1 of the namespace's 16 bytes and the UTF-8 name. A stable id for a
 * name, so the same text always gives the same request id.
 */
export function uuidV5(name: string, namespace: string): string {
	const space = uuidBytes(namespace, 'The UUID namespace');
	return hashUuid(createHash('sha1').update(space).update(name, 'utf8').digest(), 5);
}
