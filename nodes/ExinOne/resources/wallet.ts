import type { Resource } from '../../shared/operations';
import { requiredUuid } from '../../shared/parameters';
import { assetUuidField, exinOneOperation } from '../descriptions';

/** ExinOne's "Wallets" docs: one asset of a wallet; only the EPC wallet is supported. */
export const walletResource: Resource = {
	value: 'wallet',
	name: 'Wallet',
	operations: [
		exinOneOperation({
			// The value stays as it was published, so saved workflows keep working.
			value: 'getAssets',
			name: 'Get Asset',
			action: 'Get a wallet asset',
			description: 'Get one asset of your ExinOne EPC wallet: balance, deposit address, prices',
			method: 'GET',
			path: '/wallet/asset',
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset, e.g. EPC 44adc71b-0c37-3b42-aa19-fe2d59dae5fd'),
				{
					displayName: 'Wallet',
					name: 'wallet',
					type: 'options',
					options: [{ name: 'EPC', value: 'epc', description: 'The EPC wallet ExinOne keeps for you (the only one ExinOne supports here)' }],
					default: 'epc',
					description: 'Which wallet to read',
				},
			],
			query: (c) => ({ assetUuid: requiredUuid(c, 'assetUuid', 'Asset UUID'), wallet: c.param('wallet', 'epc') || 'epc' }),
		}),
	],
};
