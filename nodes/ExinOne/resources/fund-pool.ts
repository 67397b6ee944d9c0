import type { Resource } from '../../shared/operations';
import { assetUuidField, exinOneOperation } from '../descriptions';

export const fundPoolResource: Resource = {
	value: 'fundPool',
	name: 'Fund Pool',
	description: 'Draft API: may not be available',
	operations: [
		exinOneOperation({
			value: 'getAll',
			name: 'Get Many',
			action: 'Get the fund pools',
			description: 'Get the fund pools of all assets',
			draft: true,
			method: 'GET',
			path: '/fund_pool',
		}),
		exinOneOperation({
			value: 'getAsset',
			name: 'Get Asset',
			action: 'Get the fund pool of an asset',
			description: 'Get the fund pool of one asset',
			draft: true,
			method: 'GET',
			path: '/fund_pool/asset',
			fields: [assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID')],
			query: (c) => ({ assetUuid: c.param('assetUuid') }),
		}),
	],
};
