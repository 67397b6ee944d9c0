/** The ExinOne node's wallet resource (nodes/ExinOne/resources/wallet.ts). */
import { BTC, testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';

const env = useExinOneNode();

describe('wallet', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: BTC, wallet: 'epc' }, '/api/v2/wallet/asset', { assetUuid: BTC, wallet: 'epc' }],
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: '', wallet: '' }, '/api/v2/wallet/asset', {}],
	]);
});
