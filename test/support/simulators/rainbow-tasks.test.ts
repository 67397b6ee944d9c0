/**
 * The Rainbow simulator's task controls (rainbow.js autoSettle, createTask, settleTask and their
 * /__sim endpoints): mint, transfer and burn tasks that stay pending until a test settles them to
 * success or failure, as a polling trigger would see them; and how the lists page (burns either way).
 */
import { startRainbowSimulator } from './rainbow';
import { APP, rainbowClient } from './test-clients';

describe('Rainbow simulator: task controls and lists', () => {
	let sim: any;
	let c: ReturnType<typeof rainbowClient>;
	let token: string;
	const to = 'cfxtest:aak2rra2njvd77ezwjvx04kkds9fzagfe6d5r8e957';
	const later = () => sim.clock.advance(10_000);

	beforeAll(async () => {
		sim = await startRainbowSimulator({ apps: [APP], rateLimit: null, autoSettle: false });
		c = rainbowClient(sim);
	});
	afterAll(async () => {
		await sim.close();
	});
	beforeEach(async () => {
		sim.reset();
		sim.setAutoSettle(false);
		sim.setBurnPaging(true);
		token = await c.login();
	});

	const erc721 = async () => (await c.call('GET', '/v1/contracts/?limit=100', { token })).json.items.find((x: any) => x.type === 1 && x.chain_id === 1);

	it('with autoSettle off, a minted task stays pending until settled to success, then the NFT exists', async () => {
		const contract = await erc721();
		const m = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: contract.address, mint_to_address: to } });
		later();
		expect((await c.call('GET', `/v1/mints/${m.json.id}`, { token })).json.status).toBe(0);
		expect((await c.call('GET', `/v1/nft/${contract.address}/${m.json.token_id}`, { token })).status).toBe(404);
		sim.settleTask(APP.appId, 'mint', m.json.id, 'success');
		expect((await c.call('GET', `/v1/mints/${m.json.id}`, { token })).json).toMatchObject({ status: 1, error: '', hash: expect.stringMatching(/^0x/) });
		expect((await c.call('GET', `/v1/nft/${contract.address}/${m.json.token_id}`, { token })).json.owner).toBe(to);
		expect(() => sim.settleTask(APP.appId, 'mint', m.json.id, 'failed')).toThrow(/not pending/);
	});

	it('settles a task to failure with an error text, shown by the task, its transaction and the list', async () => {
		const t = sim.createTask(APP.appId, 'mint', { mint_to: to });
		expect(t).toMatchObject({ status: 0, mint_to: to });
		sim.settleTask(APP.appId, 'mint', t.id, 'failed', 'insufficient balance');
		const got = await c.call('GET', `/v1/mints/${t.id}`, { token });
		expect(got.json).toMatchObject({ status: 2, error: 'insufficient balance' });
		expect((await c.call('GET', `/v1/tx/${got.json.tx_id}`, { token })).json).toMatchObject({ is_finalized: true, is_success: false, error_msg: 'insufficient balance' });
		const list = await c.call('GET', '/v1/mints/?limit=1', { token });
		expect(list.json.items[0]).toMatchObject({ id: t.id, status: 2, error: 'insufficient balance' });
	});

	it('transfers and burns made by requests wait too; settling them moves or removes the NFT', async () => {
		const contract = await erc721();
		const owned = (await c.call('GET', `/v1/mints/?status=1&contract=${contract.address}&limit=100`, { token })).json.items;
		const nftOf = async (id: string) => c.call('GET', `/v1/nft/${contract.address}/${id}`, { token });
		const [a, b] = await Promise.all(owned.slice(0, 2).map(async (m: any) => ({ id: m.token_id, owner: (await nftOf(m.token_id)).json.owner })));
		const base = { chain: 'conflux_test', contract_address: contract.address, contract_type: 'erc721' };
		const tr = await c.call('POST', '/v1/transfers/customizable', { token, body: { ...base, token_id: a.id, transfer_from_address: a.owner, transfer_to_address: to } });
		const burn = await c.call('POST', '/v1/burns', { token, body: { ...base, token_id: b.id } });
		later();
		expect((await c.call('GET', `/v1/transfers/${tr.json.id}`, { token })).json.status).toBe(0);
		expect((await c.call('GET', `/v1/burns/${burn.json.id}`, { token })).json.status).toBe(0);
		sim.settleTask(APP.appId, 'transfer', tr.json.id, 'success');
		sim.settleTask(APP.appId, 'burn', burn.json.id, 'success');
		expect((await nftOf(a.id)).json.owner).toBe(to);
		expect((await nftOf(b.id)).status).toBe(404);
		expect((await c.call('GET', '/v1/transfers/?limit=1', { token })).json.items[0]).toMatchObject({ id: tr.json.id, status: 1 });
		expect((await c.call('GET', '/v1/burns', { token })).json.items[0]).toMatchObject({ id: burn.json.id, status: 1 });
	});

	it('a task settled by hand is not settled again by time when autoSettle is on', async () => {
		sim.setAutoSettle(true);
		const contract = await erc721();
		const m = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: contract.address, mint_to_address: to } });
		sim.settleTask(APP.appId, 'mint', m.json.id, 'failed');
		later();
		expect((await c.call('GET', `/v1/mints/${m.json.id}`, { token })).json).toMatchObject({ status: 2, error: 'execution reverted' });
		const n = await c.call('POST', '/v1/mints/', { token, body: { chain: 'conflux_test', contract_address: contract.address, mint_to_address: to } });
		later();
		expect((await c.call('GET', `/v1/mints/${n.json.id}`, { token })).json.status).toBe(1);
	});

	it('are driven over /__sim/auto-settle, /__sim/tasks and /__sim/tasks/settle too', async () => {
		expect((await c.call('POST', '/__sim/auto-settle', { body: { autoSettle: true } })).json).toEqual({ ok: true, autoSettle: true });
		expect((await c.call('POST', '/__sim/auto-settle', { body: { autoSettle: 'no' } })).status).toBe(400);
		const made = await c.call('POST', '/__sim/tasks', { body: { appId: APP.appId, kind: 'transfer', transfer_to: to } });
		expect(made.json.task).toMatchObject({ status: 0, transfer_to: to });
		later();
		expect((await c.call('GET', `/v1/transfers/${made.json.task.id}`, { token })).json.status).toBe(0);
		const settled = await c.call('POST', '/__sim/tasks/settle', { body: { appId: APP.appId, kind: 'transfer', id: made.json.task.id, outcome: 'failed', error: 'reverted' } });
		expect(settled.json.task).toMatchObject({ status: 2, error: 'reverted' });
		expect((await c.call('POST', '/__sim/tasks', { body: { appId: APP.appId, kind: 'deploy' } })).status).toBe(400);
		expect((await c.call('POST', '/__sim/tasks/settle', { body: { appId: 'nope', kind: 'mint', id: 1, outcome: 'success' } })).status).toBe(400);
	});

	it('GET /v1/burns pages with page and limit as burns.md documents; setBurnPaging(false) answers the whole list, as the swagger (no parameter) reads', async () => {
		for (let i = 0; i < 12; i++) sim.createTask(APP.appId, 'burn');
		const all = (await c.call('GET', '/v1/burns?limit=100', { token })).json;
		expect(all.count).toBe(all.items.length);
		expect(all.items.length).toBeGreaterThanOrEqual(13);
		const ids = all.items.map((b: any) => b.id);
		expect(ids).toEqual([...ids].sort((x, y) => y - x));
		expect((await c.call('GET', '/v1/burns?page=2&limit=1', { token })).json).toEqual({ count: all.count, items: all.items.slice(1, 2) });
		expect((await c.call('GET', '/v1/burns', { token })).json).toEqual({ count: all.count, items: all.items.slice(0, 10) });
		sim.setBurnPaging(false);
		expect((await c.call('GET', '/v1/burns?page=2&limit=1', { token })).json).toEqual(all);
		expect((await c.call('GET', '/v1/burns', { token })).json).toEqual(all);
		expect((await c.call('POST', '/__sim/burn-paging', { body: { pageBurns: true } })).json).toEqual({ ok: true, pageBurns: true });
		expect((await c.call('GET', '/v1/burns?page=2&limit=1', { token })).json.items).toHaveLength(1);
		expect((await c.call('POST', '/__sim/burn-paging', { body: { pageBurns: 'no' } })).status).toBe(400);
		expect((await c.call('POST', '/__sim/burn-paging', { body: { pageBurns: false } })).json).toEqual({ ok: true, pageBurns: false });
		expect((await c.call('GET', '/v1/burns?page=3&limit=5', { token })).json).toEqual(all);
	});

	it.each(['/v1/mints/', '/v1/transfers/', '/v1/contracts/', '/v1/files/', '/v1/metadata/'])('%s pages with page and limit, newest first', async (path) => {
		const all = (await c.call('GET', `${path}?limit=100`, { token })).json;
		const one = await c.call('GET', `${path}?page=2&limit=1`, { token });
		expect(one.json).toEqual({ count: all.count, items: all.items.slice(1, 2) });
		const ids = all.items.map((x: any) => x.id);
		expect(ids).toEqual([...ids].sort((x, y) => y - x));
	});
});
