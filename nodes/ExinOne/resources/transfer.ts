import type { Resource } from '../../shared/operations';
import { amountField, assetUuidField, exinOneOperation } from '../descriptions';

export const transferResource: Resource = {
	value: 'transfer',
	name: 'Transfer',
	description: 'Draft API: may not be available',
	operations: [
		exinOneOperation({
			value: 'create',
			name: 'Create',
			action: 'Transfer from the EPC wallet',
			description: 'Transfer an asset from the EPC wallet to a Mixin user',
			draft: true,
			method: 'POST',
			path: '/epc_authentication/transfer',
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset to send'),
				amountField('amount', 'Amount', 'How much to send'),
				{ displayName: 'Opponent ID', name: 'opponentId', type: 'string', required: true, default: '', description: 'Mixin user ID (UUID) of the receiver' },
				{ displayName: 'Memo', name: 'memo', type: 'string', default: '', description: 'Optional memo of the transfer' },
			],
			body: (c) => ({
				assetUuid: c.param('assetUuid'),
				amount: c.param('amount'),
				opponentId: c.param('opponentId'),
				memo: c.param('memo', ''),
			}),
		}),
	],
};
