/** The Rainbow node's mint resource (nodes/Rainbow/resources/mint.ts): custom, batch, easy and file mints. */
import { PAGE_1, seeds, useRainbowNode } from '../../support/rainbow-node';
import { binaryItem, expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, holders } = seeds(env);

describe('mint', () => {
	test('getMany sends the filters beside page and limit', async () => {
		const { address } = contracts()[1];
		const output = await run({
			resource: 'mint',
			operation: 'getMany',
			filters: { contract: address, status: 2, chain: 'conflux_test', mint_to: holders()[1] },
		});
		expect(env.only()).toMatchObject({
			method: 'GET',
			path: '/v1/mints/',
			query: { ...PAGE_1, contract: address, status: '2', chain: 'conflux_test', mint_to: holders()[1] },
		});
		expect(output.length).toBeGreaterThan(0);
		for (const item of output) expect(item.json).toMatchObject({ contract: address, status: 2, mint_to: holders()[1] });
		expectPaired(output);
	});

	test('create sends the custom mint, keeping a token ID beyond 2^53 as text', async () => {
		const { address } = contracts()[0];
		const tokenId = '123456789012345678901234567890';
		const output = await run({
			resource: 'mint',
			operation: 'create',
			chain: 'conflux_test',
			contractAddress: address,
			mintToAddress: holders()[0],
			additionalFields: { nft_id: tokenId, metadata_uri: 'https://example.com/m.json', amount: 1 },
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/mints/' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			contract_address: address,
			mint_to_address: holders()[0],
			token_id: tokenId,
			metadata_uri: 'https://example.com/m.json',
			amount: 1,
		});
		expect(env.only().rawBody).toContain(`"token_id":"${tokenId}"`);
		expect(output[0].json).toMatchObject({ token_id: tokenId, mint_to: holders()[0], status: 0 });
	});

	test('createBatch sends the fixedCollection rows as mint_items and outputs one item per task', async () => {
		const { address } = contracts()[1];
		const output = await run({
			resource: 'mint',
			operation: 'createBatch',
			chain: 'conflux_test',
			contractAddress: address,
			mintItems: {
				item: [
					{ mint_to_address: holders()[0], metadata_uri: 'https://example.com/a.json', nft_id: '', amount: 3 },
					{ mint_to_address: holders()[1], metadata_uri: '', nft_id: '900', amount: 1 },
				],
			},
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/mints/customizable/batch' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			contract_address: address,
			mint_items: [
				{ mint_to_address: holders()[0], metadata_uri: 'https://example.com/a.json', amount: 3 },
				{ mint_to_address: holders()[1], token_id: '900', amount: 1 },
			],
		});
		expect(output.map((item) => [item.json.mint_to, item.json.amount])).toEqual([
			[holders()[0], 3],
			[holders()[1], 1],
		]);
		expect(output[1].json.token_id).toBe('900');
		expectPaired(output);
	});

	test('mintFile sends a multipart form with the fields and the binary file', async () => {
		const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 1, 2]);
		const output = await run(
			{
				resource: 'mint',
				operation: 'mintFile',
				chain: 'conflux_test',
				name: 'Cat',
				description: 'A cat picture',
				mintToAddress: holders()[2],
				binaryPropertyName: 'picture',
			},
			{ items: [binaryItem({ picture: { bytes, fileName: 'cat.png', mimeType: 'image/png' } })] },
		);
		const request = env.only();
		expect(request).toMatchObject({ method: 'POST', path: '/v1/mints/easy/files' });
		expect(request.multipart?.fields).toEqual({ chain: 'conflux_test', name: 'Cat', description: 'A cat picture', mint_to_address: holders()[2] });
		expect(request.multipart?.files).toHaveLength(1);
		expect(request.multipart?.files[0]).toMatchObject({ field: 'file', filename: 'cat.png', contentType: 'image/png' });
		expect(Buffer.compare(request.multipart!.files[0].data, bytes)).toBe(0);
		expect(output[0].json).toMatchObject({ mint_to: holders()[2], mint_type: 2, status: 0 });
		expectPaired(output);
	});

	test('mintByUrl sends the easy mint body with the additional fields', async () => {
		const output = await run({
			resource: 'mint',
			operation: 'mintByUrl',
			chain: 'conflux_test',
			name: 'Dog',
			fileUrl: 'https://example.com/dog.png',
			mintToAddress: holders()[0],
			additionalFields: { description: 'A dog', attributes: { attribute: [{ trait_type: 'Size', value: 'Big' }] } },
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/mints/easy/urls' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			name: 'Dog',
			file_url: 'https://example.com/dog.png',
			mint_to_address: holders()[0],
			description: 'A dog',
			attributes: [{ trait_type: 'Size', value: 'Big' }],
		});
		expect(output[0].json).toMatchObject({ mint_to: holders()[0], mint_type: 2 });
	});

	test('get reads a mint task by ID', async () => {
		const output = await run({ resource: 'mint', operation: 'get', mintId: '3' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/mints/3', query: {} });
		expect(jsonOf(output)).toEqual([env.state().mints[2]]);
	});

	test('reMint resets a failed mint task', async () => {
		const failed = env.state().mints.find((m: { status: number }) => m.status === 2);
		const output = await run({ resource: 'mint', operation: 'reMint', mintId: String(failed.id) });
		expect(env.only()).toMatchObject({ method: 'POST', path: `/v1/mints/${failed.id}/reMint` });
		expect(output[0].json).toMatchObject({ id: failed.id, status: 0 });
	});
});
