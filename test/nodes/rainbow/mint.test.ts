/**
 * Rainbow node operations on NFTs (mint, transfer, burn, NFT), run by the node's real `execute` against
 * the Rainbow simulator: parameters → method, path, query and body on the simulator's log; answers →
 * paired output items.
 */
import { PAGE_1, seeds, useRainbowNode } from '../../support/rainbow-node';
import { binaryItem, expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, holders, nftOf } = seeds(env);

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
			additionalFields: { token_id: tokenId, metadata_uri: 'https://example.com/m.json', amount: 1 },
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
					{ mint_to_address: holders()[0], metadata_uri: 'https://example.com/a.json', token_id: '', amount: 3 },
					{ mint_to_address: holders()[1], metadata_uri: '', token_id: '900', amount: 1 },
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

describe('transfer', () => {
	test('getMany lists the transfer tasks', async () => {
		const output = await run({ resource: 'transfer', operation: 'getMany' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/transfers/', query: PAGE_1 });
		expect(output).toHaveLength(env.state().transfers.length);
		expect(output[0].json).toMatchObject({ transfer_from: expect.any(String), transfer_to: expect.any(String) });
	});

	test('get reads a transfer task by ID', async () => {
		const output = await run({ resource: 'transfer', operation: 'get', transferId: '2' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/transfers/2' });
		expect(jsonOf(output)).toEqual([env.state().transfers[1]]);
	});

	test('create sends one transfer', async () => {
		const { address } = contracts()[0];
		const nft = nftOf(address);
		const output = await run({
			resource: 'transfer',
			operation: 'create',
			chain: 'conflux_test',
			contractAddress: address,
			contractType: 'erc721',
			tokenId: nft.tokenId,
			transferFromAddress: nft.owner,
			transferToAddress: holders()[2],
			additionalFields: {},
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/transfers/customizable' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			contract_address: address,
			contract_type: 'erc721',
			token_id: nft.tokenId,
			transfer_from_address: nft.owner,
			transfer_to_address: holders()[2],
		});
		expect(output[0].json).toMatchObject({ token_id: nft.tokenId, transfer_to: holders()[2], status: 0 });
	});

	test('createBatch sends the rows as items and outputs one item per task', async () => {
		const { address } = contracts()[1];
		const nft = nftOf(address);
		const output = await run({
			resource: 'transfer',
			operation: 'createBatch',
			chain: 'conflux_test',
			contractAddress: address,
			contractType: 'erc1155',
			items: {
				item: [
					{ token_id: nft.tokenId, transfer_from_address: nft.owner, transfer_to_address: holders()[0], amount: 1 },
					{ token_id: nft.tokenId, transfer_from_address: nft.owner, transfer_to_address: holders()[2], amount: 1 },
				],
			},
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/transfers/customizable/batch' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			contract_address: address,
			contract_type: 'erc1155',
			items: [
				{ token_id: nft.tokenId, transfer_from_address: nft.owner, transfer_to_address: holders()[0], amount: 1 },
				{ token_id: nft.tokenId, transfer_from_address: nft.owner, transfer_to_address: holders()[2], amount: 1 },
			],
		});
		expect(output.map((item) => item.json.transfer_to)).toEqual([holders()[0], holders()[2]]);
		expectPaired(output);
	});
});

describe('burn', () => {
	test('getMany lists the burn tasks', async () => {
		const output = await run({ resource: 'burn', operation: 'getMany' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/burns', query: PAGE_1 });
		expect(jsonOf(output)).toEqual(env.state().burns);
	});

	test('get reads a burn task by ID', async () => {
		const output = await run({ resource: 'burn', operation: 'get', burnId: '1' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/burns/1' });
		expect(jsonOf(output)).toEqual([env.state().burns[0]]);
	});

	test('create sends one burn with its additional fields', async () => {
		const { address } = contracts()[1];
		const nft = nftOf(address);
		const output = await run({
			resource: 'burn',
			operation: 'create',
			chain: 'conflux_test',
			contractAddress: address,
			contractType: 'erc1155',
			tokenId: nft.tokenId,
			additionalFields: { amount: 1, user: nft.owner },
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/burns' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			contract_address: address,
			contract_type: 'erc1155',
			token_id: nft.tokenId,
			amount: 1,
			user: nft.owner,
		});
		expect(output[0].json).toMatchObject({ token_id: nft.tokenId, user: nft.owner, status: 0 });
	});

	test('createBatch sends the rows as items', async () => {
		const { address } = contracts()[0];
		const tokens = [...(env.state().nfts as Map<string, unknown>).keys()]
			.filter((key) => key.startsWith(`${address}/`))
			.slice(0, 2)
			.map((key) => key.split('/')[1]);
		const output = await run({
			resource: 'burn',
			operation: 'createBatch',
			chain: 'conflux_test',
			contractAddress: address,
			contractType: 'erc721',
			items: { item: tokens.map((token_id) => ({ token_id, amount: 1 })) },
			additionalFields: {},
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/burns/customizable/batch' });
		expect(env.only().body).toEqual({
			chain: 'conflux_test',
			contract_address: address,
			contract_type: 'erc721',
			items: tokens.map((token_id) => ({ token_id, amount: 1 })),
		});
		expect(output.map((item) => item.json.token_id)).toEqual(tokens);
		expectPaired(output);
	});
});

describe('nft', () => {
	test('get reads owner and token URI', async () => {
		const { address } = contracts()[0];
		const nft = nftOf(address);
		const output = await run({ resource: 'nft', operation: 'get', contractAddress: address, tokenId: nft.tokenId });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/nft/${encodeURIComponent(address)}/${nft.tokenId}` });
		expect(jsonOf(output)).toEqual([{ contract_address: address, token_id: nft.tokenId, owner: nft.owner, token_uri: expect.any(String) }]);
	});

	test('getHoldCount sends holder in the path and type in the query', async () => {
		const { address } = contracts()[1];
		const nft = nftOf(address);
		const output = await run({
			resource: 'nft',
			operation: 'getHoldCount',
			contractAddress: address,
			tokenId: nft.tokenId,
			holderAddress: nft.owner,
			options: { type: 'erc1155' },
		});
		expect(env.only()).toMatchObject({
			method: 'GET',
			path: `/v1/nft/count/${encodeURIComponent(address)}/${nft.tokenId}/${encodeURIComponent(nft.owner)}`,
			query: { type: 'erc1155' },
		});
		expect(jsonOf(output)).toEqual([{ count: (env.state().nfts.get(`${address}/${nft.tokenId}`) as { amount: number }).amount }]);
	});

	test('updateTokenUri sends PUT with chain, contract type and the new URI', async () => {
		const { address } = contracts()[0];
		const nft = nftOf(address);
		const output = await run({
			resource: 'nft',
			operation: 'updateTokenUri',
			chain: 'conflux_test',
			contractAddress: address,
			contractType: 'erc721',
			tokenId: nft.tokenId,
			tokenUri: 'https://example.com/new.json',
		});
		expect(env.only()).toMatchObject({
			method: 'PUT',
			path: `/v1/nft/${encodeURIComponent(address)}/${nft.tokenId}/tokenUri`,
			body: { chain: 'conflux_test', contract_type: 'erc721', token_uri: 'https://example.com/new.json' },
		});
		expect(output[0].json).toMatchObject({ id: expect.any(Number), taskType: 8, status: 0 });
		expect(env.state().nfts.get(`${address}/${nft.tokenId}`).token_uri).toBe('https://example.com/new.json');
	});
});

