import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

import {
	ghostKeyHint,
	isUuid,
	kernelAssetId,
	md5Uuid,
	membersHash,
	transactionHash,
	uuidV5,
} from '../../mixin-safe/hashes';

import { runSdk, seededBytes } from './sdk';
import * as v from './vectors';

const random = seededBytes('hashes');
const randomUuid = (): string => {
	const hex = bytesToHex(random(16));
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
};

describe('the worked example', () => {
	it('gives the kernel asset id of USDT-ERC20', () => {
		expect(kernelAssetId(v.USDT_ERC20)).toBe(v.KERNEL_ASSET_ID);
		expect(kernelAssetId(v.USDT_ERC20.toUpperCase())).toBe(v.KERNEL_ASSET_ID);
	});

	it('gives the members hashes of the bot and of ExinOne', () => {
		expect(membersHash([v.BOT_ID])).toBe(v.MEMBERS_HASH_BOT);
		expect(membersHash([v.EXINONE_ID])).toBe(v.MEMBERS_HASH_EXINONE);
	});

	it('gives both hints of the /safe/keys body', () => {
		const body = JSON.parse(v.SAFE_KEYS_BODY) as Array<{ index: number; hint: string }>;
		expect(body.map(({ index }) => ghostKeyHint(v.REQUEST_ID, index))).toEqual(body.map(({ hint }) => hint));
	});

	it('gives the transaction hash of the unsigned raw', () => {
		expect(transactionHash(hexToBytes(v.UNSIGNED_RAW))).toBe(v.TX_HASH);
	});
});

describe('membersHash', () => {
	it('sorts a copy, not the argument', () => {
		const members = [v.EXINONE_ID, v.BOT_ID];
		const hash = membersHash(members);
		expect(members).toEqual([v.EXINONE_ID, v.BOT_ID]);
		expect(membersHash([v.BOT_ID, v.EXINONE_ID])).toBe(hash);
	});

	it('refuses no members and non-UUIDs', () => {
		expect(() => membersHash([])).toThrow(RangeError);
		expect(() => membersHash(['ExinOne'])).toThrow(RangeError);
	});
});

describe('ghostKeyHint', () => {
	it('refuses an index outside a transaction and an empty request id', () => {
		expect(() => ghostKeyHint(v.REQUEST_ID, 256)).toThrow(RangeError);
		expect(() => ghostKeyHint(v.REQUEST_ID, -1)).toThrow(RangeError);
		expect(() => ghostKeyHint(v.REQUEST_ID, 1.5)).toThrow(RangeError);
		expect(() => ghostKeyHint('', 0)).toThrow(RangeError);
	});

	it('is a version-3 UUID', () => {
		expect(ghostKeyHint(v.REQUEST_ID, 7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});
});

describe('name-based UUIDs', () => {
	it('uuidV5 matches RFC 4122 (Python uuid5 of www.example.com in the DNS namespace)', () => {
		expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
	});

	it('uuidV5 refuses a namespace that is not a UUID', () => {
		expect(() => uuidV5('x', 'not-a-uuid')).toThrow(RangeError);
	});

	it('isUuid takes the 8-4-4-4-12 form in any case only', () => {
		expect(isUuid(v.BOT_ID)).toBe(true);
		expect(isUuid(v.BOT_ID.toUpperCase())).toBe(true);
		expect(isUuid(v.BOT_ID.replace(/-/g, ''))).toBe(false);
		expect(isUuid(`${v.BOT_ID}0`)).toBe(false);
	});
});

describe('against the official SDK', () => {
	// Ghost-key hints are taken from the body the SDK's own client.utxo.ghostKey posts to /safe/keys.
	const requestIds = [v.REQUEST_ID, randomUuid(), randomUuid(), 'not-a-uuid trace text'];
	const members = Array.from({ length: 5 }, () => Array.from({ length: 1 + (random(1)[0] % 4) }, randomUuid));
	const assets = Array.from({ length: 5 }, randomUuid);
	const raws = [0, 1, 313, 4096].map((length) => bytesToHex(random(length)));
	const uuidNames = ['', 'a', '9dc60d4c-f301-48ef-97f2-32e9195648cb:x', bytesToHex(random(40))];
	const sdk = runSdk<{
		hints: Array<Array<{ index: number; hint: string }>>;
		members: string[];
		assets: string[];
		blake3: string[];
		md5Uuids: string[];
	}>(
		`
		const keystore = { app_id: '${v.BOT_ID}', session_id: 'c2f9e5b3-7d4e-4f60-9bac-1d2e3f4a5b6c',
			session_private_key: 'e198b7a99e7c6282503ab41679143333f3ee357e5fc62d45cdf48a248ffd357f' };
		let body;
		const adapter = async (config) => {
			body = JSON.parse(config.data);
			const data = { data: body.map(() => ({ type: 'ghost_key', mask: '00'.repeat(32), keys: ['00'.repeat(32)] })) };
			return { data, status: 200, statusText: 'OK', headers: {}, config, request: {} };
		};
		const client = sdk.MixinApi({ keystore, requestConfig: { adapter } });
		const hints = [];
		for (const id of input.requestIds) {
			const recipient = () => sdk.buildSafeTransactionRecipient(['${v.EXINONE_ID}'], 1, '1');
			const recipients = Array.from({ length: 256 }, recipient);
			await client.utxo.ghostKey(recipients, id, '${v.SPEND_KEY}');
			hints.push(body.map(({ index, hint }) => ({ index, hint })));
		}
		return {
			hints,
			members: input.members.map((m) => sdk.hashMembers(m)),
			assets: input.assets.map((a) => sdk.newHash(Buffer.from(a)).toString('hex')),
			blake3: input.raws.map((r) => sdk.blake3Hash(Buffer.from(r, 'hex')).toString('hex')),
			md5Uuids: input.uuidNames.map((n) => sdk.uniqueConversationID(n, '')),
		};
		`,
		{ requestIds, members, assets, raws, uuidNames },
	);

	it('gives the hint of every output index 0–255 for several request ids', () => {
		requestIds.forEach((id, r) => {
			expect(sdk.hints[r]).toHaveLength(256);
			const ours = sdk.hints[r].map(({ index }) => ({ index, hint: ghostKeyHint(id, index) }));
			expect(ours).toEqual(sdk.hints[r]);
		});
	});

	it('gives the members hash (hashMembers) of random member lists', () => {
		expect(members.map((m) => membersHash(m))).toEqual(sdk.members);
	});

	it('gives the kernel asset id (newHash of the UUID text) of random assets', () => {
		expect(assets.map(kernelAssetId)).toEqual(sdk.assets);
	});

	it('gives the BLAKE3 (blake3Hash) of random bytes', () => {
		expect(raws.map((raw) => transactionHash(hexToBytes(raw)))).toEqual(sdk.blake3);
	});

	it('gives the md5 UUID (uniqueConversationID) of random text', () => {
		// uniqueConversationID hashes its two arguments sorted and joined; '' sorts first, leaving the text.
		expect(uuidNames.map(md5Uuid)).toEqual(sdk.md5Uuids);
	});
});
