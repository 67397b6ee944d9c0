/** The ExinOne node's wallet resource (nodes/ExinOne/resources/wallet.ts): one asset of the EPC wallet. */
import { EPC_ASSET_ID } from '../../../credentials/exinone/constants';
import { BTC, testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useExinOneNode();

describe('wallet', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: EPC_ASSET_ID, wallet: 'epc' }, '/api/v2/wallet/asset', { assetUuid: EPC_ASSET_ID, wallet: 'epc' }],
		// The wallet left at its default: EPC, the only one ExinOne supports.
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: BTC }, '/api/v2/wallet/asset', { assetUuid: BTC, wallet: 'epc' }],
	]);

	test('the asset comes out exactly as ExinOne sent it', async () => {
		// A balance with more decimals than a double keeps: it must reach the item as text, untouched.
		const asset = { assetId: EPC_ASSET_ID, symbol: 'EPC', balance: '0.123456789012345678', precision: 8 };
		env.sim.respond({ method: 'GET', path: '/api/v2/wallet/asset', body: { code: '0', success: true, message: '', data: asset } });
		const output = await env.run({ resource: 'wallet', operation: 'getAssets', assetUuid: EPC_ASSET_ID, wallet: 'epc' });
		expect(jsonOf(output)).toEqual([asset]);
		expectPaired(output);
		expect(env.only()).toMatchObject({ method: 'GET', query: { assetUuid: EPC_ASSET_ID, wallet: 'epc' }, canned: true });
	});

	test('the asset is required', async () => {
		const error = await captureError(env.run({ resource: 'wallet', operation: 'getAssets', assetUuid: '' }));
		expect(error.message).toBe('The Asset UUID field is empty');
		expect(env.calls()).toHaveLength(0);
	});
});
