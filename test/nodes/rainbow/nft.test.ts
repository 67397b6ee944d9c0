/** The Rainbow node's NFT resource (nodes/Rainbow/resources/nft.ts): owner, holdings and token URI. */
import { seeds, useRainbowNode } from '../../support/rainbow-node';
import { jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, nftOf } = seeds(env);

describe('nft', () => {
	test('get reads owner and token URI', async () => {
		const { address } = contracts()[0];
		const nft = nftOf(address);
		const output = await run({ resource: 'nft', operation: 'get', contractAddress: address, nftId: nft.tokenId });
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
			nftId: nft.tokenId,
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
			nftId: nft.tokenId,
			uri: 'https://example.com/new.json',
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
