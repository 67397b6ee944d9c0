/** The Rainbow node's contract resource (nodes/Rainbow/resources/contract.ts): deploy, admin, sponsor, whitelist. */
import { seeds, useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, holders } = seeds(env);

describe('contract', () => {
	test('getMany lists the contracts', async () => {
		const output = await run({ resource: 'contract', operation: 'getMany', returnAll: false, limit: 2 });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/contracts/', query: { page: '1', limit: '2' } });
		expect(output.map((item) => item.json.name)).toEqual(['Sim Mainnet', 'Sim Multi']);
		expectPaired(output);
	});

	test('deploy sends chain, name, symbol, type and the additional fields as the API types them', async () => {
		const output = await run({
			resource: 'contract',
			operation: 'deploy',
			chain: 'conflux',
			name: 'My Collection',
			symbol: 'MYC',
			type: 'erc1155',
			additionalFields: { royalties_bps: 250, auto_sponsor: false, base_uri: 'ipfs://base/' },
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/contracts/' });
		expect(env.only().body).toEqual({
			chain: 'conflux',
			name: 'My Collection',
			symbol: 'MYC',
			type: 'erc1155',
			royalties_bps: 250,
			auto_sponsor: false,
			base_uri: 'ipfs://base/',
		});
		expect(output[0].json).toMatchObject({ name: 'My Collection', type: 2, chain_id: 1029, status: 0, royalties_bps: 250 });
		expectPaired(output);
	});

	test('get reads a contract by its Rainbow ID', async () => {
		const output = await run({ resource: 'contract', operation: 'get', contractId: '2' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/contracts/detail/2' });
		expect(output[0].json).toMatchObject({ id: 2, name: 'Sim Multi', address: contracts()[1].address });
	});

	test('getAdmin outputs the contract and its admin address', async () => {
		const { address } = contracts()[0];
		const output = await run({ resource: 'contract', operation: 'getAdmin', contractAddress: address });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/contracts/${encodeURIComponent(address)}/admin` });
		expect(jsonOf(output)).toEqual([{ contract_address: address, admin_address: env.state().admins.get(address) }]);
		expectPaired(output);
	});

	test('updateAdmin sends PUT with admin_address and outputs the transaction ID', async () => {
		const { address } = contracts()[0];
		const output = await run({ resource: 'contract', operation: 'updateAdmin', contractAddress: address, adminAddress: holders()[1] });
		expect(env.only()).toMatchObject({ method: 'PUT', path: `/v1/contracts/${encodeURIComponent(address)}/admin`, body: { admin_address: holders()[1] } });
		expect(jsonOf(output)).toEqual([{ tx_id: expect.any(Number) }]);
	});

	test('getProfile sends ignore_token_ids and outputs the profile', async () => {
		const { address } = contracts()[0];
		const output = await run({ resource: 'contract', operation: 'getProfile', contractAddress: address, options: { ignore_nft_ids: '13,12' } });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/contracts/${encodeURIComponent(address)}/profile`, query: { ignore_token_ids: '13,12' } });
		expect(output[0].json).toMatchObject({ contract: { address }, max_token_id: expect.any(Number) });
	});

	test('getSponsor sends the chain filter when given, and none by default', async () => {
		const { address } = contracts()[2];
		const output = await run({ resource: 'contract', operation: 'getSponsor', contractAddress: address, options: { chain: 'conflux' } });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/contracts/${encodeURIComponent(address)}/sponsor`, query: { chain: 'conflux' } });
		expect(output[0].json).toMatchObject({ gas_sponsor: expect.stringMatching(/^cfx:/), gas_sponsor_balance: '10000000000000000000' });
		env.sim.reset();
		await run({ resource: 'contract', operation: 'getSponsor', contractAddress: address });
		expect(env.only().query).toEqual({});
	});

	test('setSponsor sends chain and auto_sponsor as query parameters', async () => {
		const { address } = contracts()[0];
		const output = await run({
			resource: 'contract',
			operation: 'setSponsor',
			contractAddress: address,
			options: { chain: 'conflux_test', auto_sponsor: false },
		});
		expect(env.only()).toMatchObject({
			method: 'POST',
			path: `/v1/contracts/${encodeURIComponent(address)}/sponsor`,
			query: { chain: 'conflux_test', auto_sponsor: 'false' },
		});
		expect(output[0].json).toEqual({ sponsor_gas_tx_id: expect.any(Number), sponsor_collateral_tx_id: expect.any(Number) });
		expect(contracts()[0]).toMatchObject({ auto_sponsor: false });
	});

	test('getSponsorWhitelist outputs one item per address', async () => {
		const { address } = contracts()[0];
		env.state().whitelists.get(address).add(holders()[0]).add(holders()[2]);
		const output = await run({ resource: 'contract', operation: 'getSponsorWhitelist', contractAddress: address });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/contracts/${encodeURIComponent(address)}/sponsor/whitelist` });
		expect(jsonOf(output)).toEqual([{ address: holders()[0] }, { address: holders()[2] }]);
		expectPaired(output);
	});

	test('addToSponsorWhitelist sends the bare list of addresses (commas or new lines in the field)', async () => {
		const { address } = contracts()[0];
		const output = await run({
			resource: 'contract',
			operation: 'addToSponsorWhitelist',
			contractAddress: address,
			users: `${holders()[0]}, ${holders()[1]}\n${holders()[2]}`,
		});
		expect(env.only()).toMatchObject({ method: 'POST', path: `/v1/contracts/${encodeURIComponent(address)}/sponsor/whitelist` });
		expect(env.only().body).toEqual(holders());
		expect(jsonOf(output)).toEqual([{ tx_id: expect.any(Number) }]);
		expect([...env.state().whitelists.get(address)]).toEqual(holders());
	});

	test('removeFromSponsorWhitelist sends DELETE with the list (an array from an expression works too)', async () => {
		const { address } = contracts()[0];
		env.state().whitelists.get(address).add(holders()[0]).add(holders()[1]);
		const output = await run({
			resource: 'contract',
			operation: 'removeFromSponsorWhitelist',
			contractAddress: address,
			users: `={{ ${JSON.stringify([holders()[0]])} }}`,
		});
		expect(env.only()).toMatchObject({ method: 'DELETE', path: `/v1/contracts/${encodeURIComponent(address)}/sponsor/whitelist`, body: [holders()[0]] });
		expect(jsonOf(output)).toEqual([{ tx_id: expect.any(Number) }]);
		expect([...env.state().whitelists.get(address)]).toEqual([holders()[1]]);
	});
});
