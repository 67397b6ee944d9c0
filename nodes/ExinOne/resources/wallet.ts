import type { Resource } from '../../shared/operations';
import { assetUuidField, exinOneOperation } from '../descriptions';

export const walletResource: Resource = {
	value: 'wallet',
	name: 'Wallet',
	operations: [
		exinOneOperation({
			value: 'getAssets',
			name: 'Get Assets',
			action: 'Get wallet assets',
			description: 'Get the balances of the ExinOne wallet, or of one asset',
			method: 'GET',
			path: '/wallet/asset',
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', false, 'Mixin asset ID to get; leave empty for all assets'),
				{
					displayName: 'Wallet',
					name: 'wallet',
					type: 'options',
					options: [
						{ name: 'Default', value: '' },
						{ name: 'EPC', value: 'epc' },
					],
					default: '',
					description: 'Which wallet to read',
				},
			],
			query: (c) => ({ assetUuid: c.param('assetUuid', ''), wallet: c.param('wallet', '') }),
		}),
	],
};
