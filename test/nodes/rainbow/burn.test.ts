/** The Rainbow node's burn resource (nodes/Rainbow/resources/burn.ts). */
import { seeds, useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, nftOf } = seeds(env);

/** Twelve burn tasks more than the seeded one: the app's 13, newest first, as the list gives them. */
function burns() {
	for (let i = 0; i < 12; i++) env.sim.createTask(env.appId, 'burn');
	return [...env.state().burns].sort((a, b) => b.id - a.id);
}
const queries = () => env.calls().map((r) => r.query);

afterEach(() => env.sim.setBurnPaging(true));

describe('burn getMany pages with page and limit, as Rainbow\'s burns.md documents', () => {
	test('Return All follows the pages until count is reached', async () => {
		const all = burns();
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: true, pageSize: 5 });
		expect(env.calls().every((r) => r.method === 'GET' && r.path === '/v1/burns')).toBe(true);
		expect(queries()).toEqual([
			{ page: '1', limit: '5' },
			{ page: '2', limit: '5' },
			{ page: '3', limit: '5' },
		]);
		expect(jsonOf(output)).toEqual(all);
	});

	test('Limit asks for one page of that many', async () => {
		const all = burns();
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: false, limit: 7 });
		expect(env.only().query).toEqual({ page: '1', limit: '7' });
		expect(jsonOf(output)).toEqual(all.slice(0, 7));
	});

	test('Page gets that one page as one item, with the count', async () => {
		const all = burns();
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: false, limit: 5, page: 2 });
		expect(env.only().query).toEqual({ page: '2', limit: '5' });
		expect(jsonOf(output)).toEqual([{ count: 13, items: all.slice(5, 10) }]);
	});
});

describe('burn getMany from a server that ignores page and limit (the swagger declares none)', () => {
	test('it answers the whole list every time: Return All ends at the second answer, which brings nothing new, with each task once', async () => {
		env.sim.setBurnPaging(false);
		const all = burns();
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: true, pageSize: 5 });
		expect(queries()).toEqual([
			{ page: '1', limit: '5' },
			{ page: '2', limit: '5' },
		]);
		expect(jsonOf(output)).toEqual(all);
	});

	test('it answers the whole list: Limit keeps the first ones of the one answer', async () => {
		env.sim.setBurnPaging(false);
		const all = burns();
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: false, limit: 7 });
		expect(env.only().query).toEqual({ page: '1', limit: '7' });
		expect(jsonOf(output)).toEqual(all.slice(0, 7));
	});

	test('it answers always the same first page: Return All ends at the second request, nothing twice', async () => {
		const first = burns().slice(0, 5);
		env.sim.respond({ method: 'GET', path: '/v1/burns', body: { count: 13, items: first } });
		const output = await run({ resource: 'burn', operation: 'getMany', returnAll: true, pageSize: 5 });
		expect(queries().map((q) => q.page)).toEqual(['1', '2']);
		expect(jsonOf(output)).toEqual(first);
	});
});

describe('burn', () => {
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
