/** The Rainbow node's transfer resource (nodes/Rainbow/resources/transfer.ts). */
import { PAGE_1, seeds, useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, holders, nftOf } = seeds(env);

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
			nftId: nft.tokenId,
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
					{ nft_id: nft.tokenId, transfer_from_address: nft.owner, transfer_to_address: holders()[0], amount: 1 },
					{ nft_id: nft.tokenId, transfer_from_address: nft.owner, transfer_to_address: holders()[2], amount: 1 },
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
