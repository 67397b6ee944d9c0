import type { Resource } from '../../shared/operations';
import { exinOneOperation } from '../descriptions';

/** ExinOne's draft "Asset" docs: which Mixin assets count as the same asset (BTC and its mirror exBTC). */
export const assetResource: Resource = {
	value: 'asset',
	name: 'Asset',
	description: 'Draft API: may not be available',
	operations: [
		exinOneOperation({
			value: 'getRelations',
			name: 'Get Relations',
			action: 'Get asset relations',
			description: 'List the groups of Mixin assets ExinOne treats as one asset, with their mirror tokens (public, no credential needed)',
			draft: true,
			method: 'GET',
			path: '/asset/relations',
			public: true,
		}),
	],
};
