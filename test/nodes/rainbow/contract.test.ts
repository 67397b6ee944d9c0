/**
 * Rainbow node operations on metadata, contracts, files, transactions and accounts, run by the node's
 * real `execute` against the Rainbow simulator: parameters → method, path, query and body on the
 * simulator's log; answers → paired output items.
 */
import { PAGE_1, seeds, useRainbowNode } from '../../support/rainbow-node';
import { binaryItem, expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;
const { contracts, holders } = seeds(env);

describe('metadata', () => {
	test('create sends the required fields, additional fields and attributes', async () => {
		const output = await run({
			resource: 'metadata',
			operation: 'create',
			name: 'Rainbow #1',
			description: 'A test NFT',
			image: 'https://example.com/1.png',
			additionalFields: {
				external_link: 'https://example.com/1',
				attributes: { attribute: [{ trait_type: 'Color', value: 'Blue', display_type: '', attribute_name: '' }] },
			},
		});
		expect(env.only()).toMatchObject({
			method: 'POST',
			path: '/v1/metadata/',
			body: {
				name: 'Rainbow #1',
				description: 'A test NFT',
				image: 'https://example.com/1.png',
				external_link: 'https://example.com/1',
				attributes: [{ trait_type: 'Color', value: 'Blue' }],
			},
		});
		expect(Object.keys(env.only().body)).not.toContain('animation_url');
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ name: 'Rainbow #1', metadata_id: expect.any(String), uri: expect.stringMatching(/\.json$/) });
		expectPaired(output);
	});

	test('get reads one record by its metadata ID', async () => {
		const record = env.state().metadata[1];
		const output = await run({ resource: 'metadata', operation: 'get', metadataId: record.metadata_id });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/metadata/${record.metadata_id}`, query: {} });
		expect(jsonOf(output)).toEqual([record]);
		expectPaired(output);
	});

	test('getMany lists the records, one item each', async () => {
		const output = await run({ resource: 'metadata', operation: 'getMany' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/metadata/', query: PAGE_1 });
		expect(output.map((item) => item.json.metadata_id)).toEqual(
			[...env.state().metadata].reverse().map((m: { metadata_id: string }) => m.metadata_id),
		);
		expectPaired(output);
	});
});

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
		const output = await run({ resource: 'contract', operation: 'getProfile', contractAddress: address, options: { ignore_token_ids: '13,12' } });
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

describe('file', () => {
	const png = { bytes: Buffer.from('\x89PNG\r\n\x1a\n-binary-\x00\xff', 'latin1'), fileName: 'logo.png', mimeType: 'image/png' };
	const txt = { bytes: Buffer.from('hello, folder'), fileName: 'readme.txt', mimeType: 'text/plain' };

	test('getMany lists the files', async () => {
		const output = await run({ resource: 'file', operation: 'getMany' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/files/', query: PAGE_1 });
		expect(output.map((item) => item.json.file_name)).toEqual(['seed-3.png', 'seed-2.png', 'seed-1.png']);
	});

	test.each([
		['upload', '/v1/files/', /ipfs/],
		['uploadToOss', '/v1/files/oss', /aliyuncs/],
	])('%s sends the binary as the multipart part "file" with its bytes and name', async (operation, path, url) => {
		const output = await run({ resource: 'file', operation, binaryPropertyName: 'data' }, { items: [binaryItem({ data: png })] });
		const request = env.only();
		expect(request).toMatchObject({ method: 'POST', path });
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.multipart?.files).toHaveLength(1);
		expect(request.multipart?.files[0]).toMatchObject({ field: 'file', filename: 'logo.png', contentType: 'image/png', size: png.bytes.length });
		expect(Buffer.compare(request.multipart!.files[0].data, png.bytes)).toBe(0);
		expect(jsonOf(output)).toEqual([{ file_name: 'logo.png', file_size: png.bytes.length, file_type: 'image/png', file_url: expect.stringMatching(url) }]);
		expectPaired(output);
	});

	test.each([
		['uploadFolder', '/v1/files/folder', /ipfs/],
		['uploadFolderToOss', '/v1/files/folder/oss', /aliyuncs/],
	])('%s sends each named binary as a multipart part "folder"', async (operation, path, url) => {
		const output = await run(
			{ resource: 'file', operation, binaryPropertyNames: 'data, notes' },
			{ items: [binaryItem({ data: png, notes: txt })] },
		);
		const request = env.only();
		expect(request).toMatchObject({ method: 'POST', path });
		expect(request.multipart?.files.map((f) => [f.field, f.filename, f.contentType])).toEqual([
			['folder', 'logo.png', 'image/png'],
			['folder', 'readme.txt', 'text/plain'],
		]);
		expect(request.multipart!.files[1].data.toString()).toBe('hello, folder');
		expect(jsonOf(output)).toEqual([{ file_num: 2, folder_url: expect.stringMatching(url) }]);
	});
});

describe('transaction and account', () => {
	test('transaction get reads a transaction by ID', async () => {
		const txId = env.state().mints[0].tx_id;
		const output = await run({ resource: 'transaction', operation: 'get', transactionId: String(txId) });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/tx/${txId}` });
		expect(jsonOf(output)).toEqual([
			{ hash: expect.stringMatching(/^0x/), is_finalized: true, is_success: true, state_code: 3, state_msg: 'executed', error_msg: '' },
		]);
	});

	test('account getMany sends the phone filter and outputs one item per account', async () => {
		const output = await run({ resource: 'account', operation: 'getMany', filters: { phone: '13800000002' } });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/accounts', query: { phone: '13800000002' } });
		expect(jsonOf(output)).toEqual([env.state().accounts[1]]);
		env.sim.reset();
		const all = await run({ resource: 'account', operation: 'getMany' });
		expect(env.only().query).toEqual({});
		expect(all).toHaveLength(2);
		expectPaired(all);
	});

	test('account create sends phone and create_if_exists', async () => {
		const output = await run({ resource: 'account', operation: 'create', phone: '13800000001', additionalFields: { create_if_exists: true } });
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/accounts', body: { phone: '13800000001', create_if_exists: true } });
		expect(jsonOf(output)).toEqual([
			{ phone: '13800000001', conflux_mainnet_address: expect.stringMatching(/^cfx:/), conflux_testnet_address: expect.stringMatching(/^cfxtest:/) },
		]);
		expect(env.state().accounts).toHaveLength(3);
	});
});
