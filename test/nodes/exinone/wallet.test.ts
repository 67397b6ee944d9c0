/** The ExinOne node's wallet resource (nodes/ExinOne/resources/wallet.ts). */
import { BTC, USDT, testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useExinOneNode();

describe('wallet', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: BTC, wallet: 'epc' }, '/api/v2/wallet/asset', { assetUuid: BTC, wallet: 'epc' }],
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: '', wallet: '' }, '/api/v2/wallet/asset', {}],
	]);

	test('getAssets outputs one item per asset, each exactly as ExinOne sent it', async () => {
		// A balance with more decimals than a double keeps: it must reach the item as text, untouched.
		const assets = [
			{ assetUuid: BTC, symbol: 'BTC', balance: '0.123456789012345678', wallet: 'epc' },
			{ assetUuid: USDT, symbol: 'USDT', balance: '0.00000000', wallet: 'epc' },
		];
		env.sim.respond({ method: 'GET', path: '/api/v2/wallet/asset', body: { code: 0, success: true, message: '', data: assets } });
		const output = await env.run({ resource: 'wallet', operation: 'getAssets', assetUuid: '', wallet: 'epc' });
		expect(jsonOf(output)).toEqual(assets);
		expectPaired(output);
		expect(env.only()).toMatchObject({ method: 'GET', query: { wallet: 'epc' }, canned: true });
	});
});
