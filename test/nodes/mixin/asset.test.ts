/** Asset → Get Balances and Get Balance: summed from the bot's unspent outputs, every page. */
import { captureError } from '../../support/lifecycle';
import { ALICE, BTC, USDT, useMixinNode } from '../../support/mixin-node';
import { jsonOf } from '../../support/run-node';

const env = useMixinNode({ allowTransfers: false });
const { run } = env;

test('every asset the bot holds, summed as a decimal string from unspent outputs over several pages', async () => {
	// 600 outputs: the list is read in pages of 500.
	for (let i = 0; i < 3; i++) env.sim.deposit({ userId: env.bot.appId, assetId: USDT, amount: '0.00000001', count: 200 });
	env.sim.deposit({ userId: env.bot.appId, assetId: BTC, amount: '0.12345678', count: 2 });
	env.sim.deposit({ userId: ALICE, assetId: BTC, amount: '5', count: 1 });
	const output = jsonOf(await run({ resource: 'asset', operation: 'getBalances' }));
	expect(output.sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)))).toEqual([
		{ assetId: BTC, symbol: 'BTC', name: expect.any(String), chainId: expect.any(String), amount: '0.24691356', outputs: 2 },
		{ assetId: USDT, symbol: 'USDT', name: expect.any(String), chainId: expect.any(String), amount: '0.000006', outputs: 600 },
	]);
	expect(env.sim.count('GET', '/safe/outputs')).toBe(2);
});

test('one asset; 0 when the bot holds none; a wrong Asset ID is named before any request', async () => {
	env.sim.deposit({ userId: env.bot.appId, assetId: USDT, amount: '1.5', count: 2 });
	const [held] = jsonOf(await run({ resource: 'asset', operation: 'getBalance', assetId: USDT }));
	expect(held).toMatchObject({ assetId: USDT, symbol: 'USDT', amount: '3', outputs: 2 });
	const [none] = jsonOf(await run({ resource: 'asset', operation: 'getBalance', assetId: BTC }));
	expect(none).toMatchObject({ assetId: BTC, symbol: 'BTC', amount: '0', outputs: 0 });
	env.sim.reset();
	const error = await captureError(run({ resource: 'asset', operation: 'getBalance', assetId: 'usdt' }));
	expect(error.message).toBe('The Asset ID field is not a UUID');
	expect(env.sim.requests).toHaveLength(0);
});

test('reading needs no spend key and works with transfers off; every request carries a verified token', async () => {
	env.sim.deposit({ userId: env.bot.appId, assetId: USDT, amount: '1', count: 1 });
	// The older keystore layout carries no spend key.
	env.store.put({ id: 'cred-1', type: 'mixinApi', name: 'bot', data: { keystore: env.bot.base64Keystore, baseUrl: env.sim.url, rateLimit: 0 } });
	const [item] = jsonOf(await run({ resource: 'asset', operation: 'getBalances' }));
	expect(item).toMatchObject({ assetId: USDT, amount: '1' });
	expect(env.sim.requests.length).toBeGreaterThan(0);
	expect(env.sim.requests.every((r: { authError?: string; status: number }) => !r.authError && r.status === 200)).toBe(true);
});
