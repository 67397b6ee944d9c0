/**
 * The worked example of paying 0.65 USDT-ERC20 to ExinOne from UTXOs of 0.3 and 0.5, produced with
 * `@mixin.dev/mixin-node-sdk` 7.5.5 against fixed API answers; all values are the SDK's output.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';

import type { SafeTransaction } from '../../mixin-safe';

export const BOT_ID = 'b1e8f4a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b';
export const EXINONE_ID = '61103d28-3ac2-44a2-ae34-bd956070dab1';
export const USDT_ERC20 = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const REQUEST_ID = '9dc60d4c-f301-48ef-97f2-32e9195648cb';
export const SPEND_KEY = '16a4b95ae70d8f208e342d5bd502ef99b1dc0b8d82ea2dfa3493d4d46d7d121f';
export const MEMO = 'RVhJTk9ORS1URVNULU1FTU8=';
export const VIEWS = [
	'e9f6528d353eb3d5aa00a63fb2b958ffdcccf2ded59a9ae747fdacf4b8282500',
	'9cbce0e5bff58fd26d82642df450d579ba0a08f191c8ea25426da3857f88f505',
];

export const KERNEL_ASSET_ID = 'd4c304ffc3270ee0f3468913bd8027225201f0eccd336d47062d76c6e2b6bb27';
export const MEMBERS_HASH_BOT = 'da6d49991d45df0f67b95e87c10375523f0944dbb7348b1ef278053f84eef333';
export const MEMBERS_HASH_EXINONE = '0c1ba4a4c5f665a73cecf50c1ffeef5e1ac08e518d12fdf3ae204fed6ac26123';
export const SPEND_PUBLIC_KEY = '53a69fc4633bfa8a3e4a292a7b4025f1757c7ff305b33ec2aad5eb2c438c90e6';
export const Y = 'bd03174e153e0c5f52c5b9a653893c93d8e626d3f8e796fdfce519f93e05cc00';
/** The `POST /safe/keys` body the SDK sent: output 0 to ExinOne, output 1 (change) to the bot. */
export const SAFE_KEYS_BODY =
	'[{"receivers":["61103d28-3ac2-44a2-ae34-bd956070dab1"],"index":0,"hint":"f5d6d987-bd1b-3bd7-8a62-6976dbe007dc"},' +
	'{"receivers":["b1e8f4a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b"],"index":1,"hint":"5b777e6c-7226-3bae-aafa-127645bdebbd"}]';
export const TX_HASH = '8955aa9e8d32c7fd94bca0156f974309aa8a1c7261fa56ad1b0bf257098f6052';

export const UNSIGNED_RAW =
	'77770005d4c304ffc3270ee0f3468913bd8027225201f0eccd336d47062d76c6e2b6bb2700025d7ab4bd15a93ae3a63ace0af9' +
	'3b87fe83d6f4df28a0a2eb9fe111a30684ad540000000000000000946116440658550bda1a9c82eed11550b22e8c2c8519758a' +
	'8366420f060ef2d9000100000000000000020000000403dfd2400001459c112e578e596722e1972badbcb51dc87e33540674b3' +
	'ffcf2c19eb7609436daf07995ab55a9f6c02b08532bf325946bdf42f3f5ab2771c839b6c7dad4140b40003fffe01000000000003' +
	'e4e1c000014f981849600b6b6203b21e45f6ad13dc5aee6cd32e5e2d08e310aafb757efac00b6b8ab4660ea93aa733787b3cf8' +
	'1e83fbe934c9ec77acd9e8462b24aeb4eb5c0003fffe0100000000000000185256684a546b394f5253315552564e554c5531465455' +
	'383d0000';
export const SIG0 =
	'edbc4a4adbe6542c3e975771668df16e3756d18c5ab0ed883c5ed5218fd79b87a059992b8f6b535a026765e98484bcdb1b27ba4b4bc167119292ee7c7e645a0c';
export const SIG1 =
	'b2cc77688af675f2592da8fe565d9c8095d0d7fa8827491e9ac8e04ebdde8e455aa2a11fa64049cb9c9034c3f6109f326e2bd4299bdbe84c0c6ff0459a66320a';
/** The signed raw as the format defines it: the unsigned one without its final `0000`, then 2 maps of one signature at key 0. */
export const SIGNED_RAW = `${UNSIGNED_RAW.slice(0, -4)}0002` + `00010000${SIG0}` + `00010000${SIG1}`;

/** The transaction the SDK built: UTXO 0 and 1 in, 0.65 to ExinOne and 0.15 change out. */
export function exampleTransaction(): SafeTransaction {
	return {
		version: 5,
		asset: KERNEL_ASSET_ID,
		inputs: [
			{ hash: '5d7ab4bd15a93ae3a63ace0af93b87fe83d6f4df28a0a2eb9fe111a30684ad54', index: 0 },
			{ hash: '946116440658550bda1a9c82eed11550b22e8c2c8519758a8366420f060ef2d9', index: 1 },
		],
		outputs: [
			{
				type: 0,
				amount: 65_000_000n,
				keys: ['459c112e578e596722e1972badbcb51dc87e33540674b3ffcf2c19eb7609436d'],
				mask: 'af07995ab55a9f6c02b08532bf325946bdf42f3f5ab2771c839b6c7dad4140b4',
				script: 'fffe01',
			},
			{
				type: 0,
				amount: 15_000_000n,
				keys: ['4f981849600b6b6203b21e45f6ad13dc5aee6cd32e5e2d08e310aafb757efac0'],
				mask: '0b6b8ab4660ea93aa733787b3cf81e83fbe934c9ec77acd9e8462b24aeb4eb5c',
				script: 'fffe01',
			},
		],
		references: [],
		extra: utf8ToBytes(MEMO),
	};
}
