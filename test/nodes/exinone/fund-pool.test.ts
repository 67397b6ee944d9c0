/** The ExinOne node's fund pool resource (nodes/ExinOne/resources/fund-pool.ts). */
import { BTC, testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';

const env = useExinOneNode();

describe('fundPool', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'fundPool', operation: 'getAll' }, '/api/v2/fund_pool', {}],
		[{ resource: 'fundPool', operation: 'getAsset', assetUuid: BTC }, '/api/v2/fund_pool/asset', { assetUuid: BTC }],
	]);
});
