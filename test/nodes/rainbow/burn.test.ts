/** The Rainbow node's burn resource (nodes/Rainbow/resources/burn.ts). */
import { seeds, useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, nftOf } = seeds(env);

describe('burn', () => {
	test('getMany lists the burn tasks with one request and no page parameters (the swagger declares none)', async () => {
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: true });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/burns', query: {} });
		expect(jsonOf(output)).toEqual(env.state().burns);
	});

	test('getMany with a limit keeps the first ones of the one answer', async () => {
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: false, limit: 1 });
		expect(env.only().query).toEqual({});
		expect(jsonOf(output)).toEqual(env.state().burns.slice(0, 1));
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
			nftId: nft.tokenId,
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
			items: { item: tokens.map((nft_id) => ({ nft_id, amount: 1 })) },
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
