import type { Resource } from '../../shared/operations';
import { assetUuidField, restOperation } from './rest';

export const userResource: Resource = {
	value: 'user',
	name: 'User',
	operations: [
		restOperation({
			value: 'getMe',
			name: 'Get Me',
			action: 'Get the logged-in user',
			description: 'Get the ExinOne account of the bot the credential logs in as',
			method: 'GET',
			path: '/users/me',
		}),
	],
};

export const walletResource: Resource = {
	value: 'wallet',
	name: 'Wallet',
	operations: [
		restOperation({
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

export const referralResource: Resource = {
	value: 'referral',
	name: 'Referral',
	operations: [
		restOperation({
			value: 'getStatistics',
			name: 'Get Statistics',
			action: 'Get referral statistics',
			description: 'Get the referral statistics of the logged-in user',
			method: 'GET',
			path: '/referral_statistics/me',
		}),
	],
};
