/**
 * The Rainbow simulator's open API (rainbow-routes.js, rainbow-routes-tasks.js): paging, validation,
 * tasks that settle on the simulator's clock, multipart uploads, and business errors in a 2xx.
 */
import { startRainbowSimulator } from './rainbow';
import { APP, rainbowClient } from './test-clients';

describe('Rainbow simulator: open API', () => {
	let sim: any;
	let c: ReturnType<typeof rainbowClient>;
	let token: string;
	const settle = () => sim.clock.advance(2_500);

	beforeAll(async () => {
		sim = await startRainbowSimulator({ apps: [APP], rateLimit: null });
		c = rainbowClient(sim);
		token = await c.login();
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		sim.reset();
		sim.setMintLimit(null);
		token = await c.login(); // the clock moves in some tests
	});

	it('pages mint tasks and filters them', async () => {
		const p1 = await c.call('GET', '/v1/mints/?page=1&limit=10', { token });
		expect(p1.json.count).toBe(25);
		expect(p1.json.items).toHaveLength(10);
		const p3 = await c.call('GET', '/v1/mints/?page=3&limit=10', { token });
		expect(p3.json.items).toHaveLength(5);
		const ids = new Set([...p1.json.items, ...p3.json.items].map((m: any) => m.id));
		expect(ids.size).toBe(15);
		for (const m of p1.json.items) expect([0, 1, 2]).toContain(m.status);
		const failed = await c.call('GET', '/v1/mints/?status=2&limit=100', { token });
		expect(failed.json.count).toBeGreaterThan(0);
		expect(failed.json.items.every((m: any) => m.status === 2)).toBe(true);
		const contract = p1.json.items[0].contract;
		const byContract = await c.call('GET', `/v1/mints/?contract=${contract}&chain=conflux_test&limit=100`, { token });
		expect(byContract.json.items.every((m: any) => m.contract === contract)).toBe(true);
		expect((await c.call('GET', '/v1/mints/?chain=conflux', { token })).json.count).toBe(0);
		expect((await c.call('GET', '/v1/mints/?chain=ethereum', { token })).json).toMatchObject({ code: 40000 });
	});

	it('deploys a contract that settles, and manages admin, sponsor and whitelist', async () => {
		const bad = await c.call('POST', '/v1/contracts/', { token, body: { chain: 'conflux_test', name: 'X', type: 'erc721' } });
		expect(bad.status).toBe(400);
		expect(bad.json).toEqual({ code: 40000, message: 'symbol is required' });
		const badChain = await c.call('POST', '/v1/contracts/', { token, body: { chain: 'eth', name: 'X', symbol: 'X', type: 'erc721' } });
		expect(badChain.status).toBe(400);
		const d = await c.call('POST', '/v1/contracts/', { token, body: { chain: 'conflux_test', name: 'Demo', symbol: 'DMO', type: 'erc721' } });
		expect(d.json).toMatchObject({ name: 'Demo', symbol: 'DMO', type: 1, status: 0, address: '' });
		settle();
		const det = await c.call('GET', `/v1/contracts/detail/${d.json.id}`, { token });
		expect(det.json.status).toBe(1);
		const address = det.json.address;
		expect(address).toMatch(/^cfxtest:/);
		expect((await c.call('GET', '/v1/contracts/detail/9999', { token })).json).toMatchObject({ code: 40400 });

		expect((await c.call('GET', `/v1/contracts/${address}/admin`, { token })).json).toBe(det.json.owner_address);
		const put = await c.call('PUT', `/v1/contracts/${address}/admin`, { token, body: { admin_address: 'cfxtest:aanewadmin' } });
		expect(put.json).toEqual({ tx_id: expect.any(Number) });
		settle();
		expect((await c.call('GET', `/v1/contracts/${address}/admin`, { token })).json).toBe('cfxtest:aanewadmin');
		const profile = await c.call('GET', `/v1/contracts/${address}/profile`, { token });
		expect(profile.json).toMatchObject({ contract: { id: d.json.id }, max_token_id: 0 });

		const sp = await c.call('GET', `/v1/contracts/${address}/sponsor?chain=conflux_test`, { token });
		expect(sp.json).toMatchObject({ gas_sponsor: expect.any(String), is_all_white_listed: true });
		const setSp = await c.call('POST', `/v1/contracts/${address}/sponsor?chain=conflux_test&auto_sponsor=true`, { token });
		expect(setSp.json).toEqual({ sponsor_gas_tx_id: expect.any(Number), sponsor_collateral_tx_id: expect.any(Number) });
		expect((await c.call('POST', `/v1/contracts/${address}/sponsor?auto_sponsor=maybe`, { token })).status).toBe(400);

		const wl = `/v1/contracts/${address}/sponsor/whitelist`;
		expect((await c.call('POST', wl, { token, body: { users: ['cfxtest:aa1', 'cfxtest:aa2'] } })).json).toEqual({ tx_id: expect.any(Number) });
		expect((await c.call('POST', wl, { token, body: ['cfxtest:aa3'] })).status).toBe(200);
		expect((await c.call('DELETE', wl, { token, body: { users: ['cfxtest:aa2'] } })).status).toBe(200);
		expect((await c.call('GET', wl, { token })).json).toEqual(['cfxtest:aa1', 'cfxtest:aa3']);
		expect((await c.call('POST', wl, { token, body: {} })).json).toEqual({ code: 40000, message: 'users is required' });
		const list = await c.call('GET', '/v1/contracts/?page=1&limit=2', { token });
		expect(list.json.count).toBe(4);
		expect(list.json.items).toHaveLength(2);
	});

	it('mints (custom, batch, easy/urls), settles, and reports the NFT', async () => {
		const contracts = (await c.call('GET', '/v1/contracts/?limit=100', { token })).json.items;
		const erc721 = contracts.find((x: any) => x.type === 1 && x.chain_id === 1);
		const to = 'cfxtest:aak2rra2njvd77ezwjvx04kkds9fzagfe6d5r8e957';
		const miss = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: erc721.address } });
		expect(miss.json).toEqual({ code: 40000, message: 'mint_to_address is required' });
		expect((await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: 'cfxtest:acnope', mint_to_address: to } })).json.code).toBe(40400);
		const m = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: erc721.address, mint_to_address: to, metadata_uri: 'https://x/1.json' } });
		expect(m.json).toMatchObject({ status: 0, mint_to: to, contract: erc721.address, token_uri: 'https://x/1.json' });
		expect((await c.call('GET', `/v1/mints/${m.json.id}`, { token })).json.status).toBe(0);
		settle();
		const done = await c.call('GET', `/v1/mints/${m.json.id}`, { token });
		expect(done.json).toMatchObject({ status: 1, hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
		const nft = await c.call('GET', `/v1/nft/${erc721.address}/${m.json.token_id}`, { token });
		expect(nft.json).toEqual({ contract_address: erc721.address, token_id: m.json.token_id, owner: to, token_uri: 'https://x/1.json' });
		expect((await c.call('GET', `/v1/nft/count/${erc721.address}/${m.json.token_id}/${to}`, { token })).json).toEqual({ count: 1 });
		const tx = await c.call('GET', `/v1/tx/${done.json.tx_id}`, { token });
		expect(tx.json).toMatchObject({ hash: done.json.hash, is_finalized: true, is_success: true });
		const dup = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: erc721.address, mint_to_address: to, token_id: m.json.token_id } });
		expect(dup.status).toBe(409);

		const batch = await c.call('POST', '/v1/mints/customizable/batch', {
			token,
			body: { chain: 'conflux_test', contract_address: erc721.address, mint_items: [{ mint_to_address: to }, { mint_to_address: to }] },
		});
		expect(batch.json).toHaveLength(2);
		expect(batch.json[0].token_id).not.toBe(batch.json[1].token_id);
		const badBatch = await c.call('POST', '/v1/mints/customizable/batch', { token, body: { chain: 'conflux_test', contract_address: erc721.address, mint_items: [{}] } });
		expect(badBatch.json).toEqual({ code: 40000, message: 'mint_items[0].mint_to_address is required' });

		const easy = await c.call('POST', '/v1/mints/easy/urls', { token, body: { chain: 'conflux', name: 'E', file_url: 'https://x/e.png', mint_to_address: 'cfx:aa1' } });
		expect(easy.json).toMatchObject({ status: 0, chain_id: 1029, mint_type: 2 });

		const failed = (await c.call('GET', '/v1/mints/?status=2', { token })).json.items[0];
		const re = await c.call('POST', `/v1/mints/${failed.id}/reMint`, { token });
		expect(re.json).toMatchObject({ id: failed.id, status: 0 });
		expect((await c.call('POST', `/v1/mints/${m.json.id}/reMint`, { token })).status).toBe(400);
	});

	it('uploads files (multipart) and mints with a file', async () => {
		const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
		const form = new FormData();
		form.append('file', new Blob([bytes], { type: 'image/png' }), 'pic.png');
		const up = await c.call('POST', '/v1/files/', { token, form });
		expect(up.json).toEqual({ file_name: 'pic.png', file_size: bytes.length, file_type: 'image/png', file_url: expect.stringMatching(/^https:\/\//) });
		const logged = sim.requests.at(-1);
		expect(Buffer.compare(logged.multipart.files[0].data, bytes)).toBe(0);
		expect(logged.body.files[0]).toMatchObject({ field: 'file', filename: 'pic.png', contentType: 'image/png', size: bytes.length });

		const oss = new FormData();
		oss.append('file', new Blob([bytes], { type: 'image/png' }), 'pic2.png');
		expect((await c.call('POST', '/v1/files/oss', { token, form: oss })).json.file_url).toContain('oss');
		const folder = new FormData();
		folder.append('folder', new Blob(['a']), 'a.json');
		folder.append('folder', new Blob(['b']), 'b.json');
		expect((await c.call('POST', '/v1/files/folder', { token, form: folder })).json).toMatchObject({ file_num: 2 });
		expect((await c.call('POST', '/v1/files/', { token, form: new FormData() })).status).toBe(400);
		const files = await c.call('GET', '/v1/files/?page=1&limit=100', { token });
		expect(files.json.items.some((f: any) => f.file_name === 'pic.png')).toBe(true);

		const mint = new FormData();
		mint.append('chain', 'conflux_test');
		mint.append('name', 'Pic');
		mint.append('description', 'a picture');
		mint.append('mint_to_address', 'cfxtest:aa1');
		mint.append('file', new Blob([bytes], { type: 'image/png' }), 'pic.png');
		const em = await c.call('POST', '/v1/mints/easy/files', { token, form: mint });
		expect(em.json).toMatchObject({ status: 0, mint_to: 'cfxtest:aa1' });
		const noName = new FormData();
		noName.append('chain', 'conflux_test');
		expect((await c.call('POST', '/v1/mints/easy/files', { token, form: noName })).json).toEqual({ code: 40000, message: 'name is required' });
	});

	it('creates and reads metadata', async () => {
		expect((await c.call('POST', '/v1/metadata/', { token, body: { name: 'n', description: 'd' } })).json).toEqual({ code: 40000, message: 'image is required' });
		const m = await c.call('POST', '/v1/metadata/', { token, body: { name: 'n', description: 'd', image: 'https://x/i.png', attributes: [{ trait_type: 't', value: 'v' }] } });
		expect(m.json).toMatchObject({ name: 'n', metadata_id: expect.any(String), uri: expect.any(String) });
		expect((await c.call('GET', `/v1/metadata/${m.json.metadata_id}`, { token })).json.id).toBe(m.json.id);
		expect((await c.call('GET', '/v1/metadata/unknown', { token })).status).toBe(404);
		expect((await c.call('GET', '/v1/metadata/?limit=1', { token })).json.items).toHaveLength(1);
	});

	it('transfers and burns NFTs, updates a token URI, and manages accounts', async () => {
		const owned = (await c.call('GET', '/v1/mints/?status=1&limit=100', { token })).json.items.find((m: any) => m.contract_type === 1);
		const nftPath = `/v1/nft/${owned.contract}/${owned.token_id}`;
		const owner = (await c.call('GET', nftPath, { token })).json.owner;
		const base = { chain: 'conflux_test', contract_address: owned.contract, contract_type: 'erc721' };
		expect((await c.call('POST', '/v1/transfers/customizable', { token, body: { ...base, token_id: owned.token_id } })).json).toEqual({
			code: 40000,
			message: 'transfer_from_address is required',
		});
		const tr = await c.call('POST', '/v1/transfers/customizable', {
			token,
			body: { ...base, token_id: owned.token_id, transfer_from_address: owner, transfer_to_address: 'cfxtest:aanewowner' },
		});
		expect(tr.json).toMatchObject({ status: 0, transfer_to: 'cfxtest:aanewowner' });
		settle();
		expect((await c.call('GET', `/v1/transfers/${tr.json.id}`, { token })).json.status).toBe(1);
		expect((await c.call('GET', nftPath, { token })).json.owner).toBe('cfxtest:aanewowner');
		expect((await c.call('GET', '/v1/transfers/', { token })).json.count).toBeGreaterThan(1);
		const tb = await c.call('POST', '/v1/transfers/customizable/batch', { token, body: { ...base, items: [{ token_id: owned.token_id, transfer_from_address: 'cfxtest:aanewowner', transfer_to_address: owner }] } });
		expect(tb.json).toHaveLength(1);

		const uri = await c.call('PUT', `${nftPath}/tokenUri`, { token, body: { chain: 'conflux_test', contract_type: 'erc721', token_uri: 'https://x/new.json' } });
		expect(uri.json).toMatchObject({ id: expect.any(Number), chainId: 1 });
		expect((await c.call('GET', nftPath, { token })).json.token_uri).toBe('https://x/new.json');
		expect((await c.call('PUT', `${nftPath}/tokenUri`, { token, body: { chain: 'conflux_test', contract_type: 'erc20' } })).status).toBe(400);

		const burn = await c.call('POST', '/v1/burns', { token, body: { ...base, token_id: owned.token_id } });
		expect(burn.json).toMatchObject({ status: 0, token_id: owned.token_id });
		settle();
		expect((await c.call('GET', `/v1/burns/${burn.json.id}`, { token })).json.status).toBe(1);
		expect((await c.call('GET', nftPath, { token })).status).toBe(404);
		expect((await c.call('GET', '/v1/burns', { token })).json.count).toBe(2);
		expect((await c.call('POST', '/v1/burns/customizable/batch', { token, body: { ...base, items: [{ token_id: owned.token_id }] } })).status).toBe(404);

		const accounts = await c.call('GET', '/v1/accounts?phone=13800000001', { token });
		expect(accounts.json).toEqual([expect.objectContaining({ phone: '13800000001', conflux_testnet_address: expect.stringMatching(/^cfxtest:/) })]);
		const created = await c.call('POST', '/v1/accounts', { token, body: { phone: '13900000009' } });
		expect(created.json[0]).toMatchObject({ phone: '13900000009', conflux_mainnet_address: expect.stringMatching(/^cfx:/) });
		expect((await c.call('POST', '/v1/accounts', { token, body: {} })).status).toBe(400);
	});

	it('can answer HTTP 200 with a non-zero business code', async () => {
		sim.businessError({ method: 'POST', path: '/v1/mints/' });
		const r = await c.call('POST', '/v1/mints/', { token, body: {} });
		expect(r.status).toBe(200);
		expect(r.json).toEqual({ code: 60001, message: 'mint limit exceeded' });
		const contracts = (await c.call('GET', '/v1/contracts/?limit=100', { token })).json.items;
		const erc721 = contracts.find((x: any) => x.type === 1 && x.chain_id === 1);
		sim.setMintLimit(0);
		const q = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: erc721.address, mint_to_address: 'cfxtest:aa1' } });
		expect(q.status).toBe(200);
		expect(q.json).toEqual({ code: 60001, message: 'mint limit exceeded' });
	});

	it('answers 404 for unknown routes and counts requests', async () => {
		expect((await c.call('GET', '/v1/nothing', { token })).json).toMatchObject({ code: 40400 });
		sim.fault({ path: '/v1/mints', status: 429, retryAfter: 1 });
		const limited = await c.call('GET', '/v1/mints/', { token });
		expect(limited.status).toBe(429);
		expect(limited.json).toEqual({ code: 42900, message: 'too many requests' });
		expect(sim.count('GET', '/v1/mints/')).toBe(1);
		expect(sim.count('POST', '/v1/login')).toBe(1);
	});
});
