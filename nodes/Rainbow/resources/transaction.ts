import type { Resource } from '../../shared/operations';
import { pathPart } from '../../shared/parameters';
import { idField, rainbowOperation } from '../descriptions';

export const transactionResource: Resource = {
	value: 'transaction',
	name: 'Transaction',
	description: 'Chain transactions sent by Rainbow tasks',
	operations: [
		rainbowOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a transaction',
			description: 'Get the hash and state of a transaction by the ID a task or update gave',
			method: 'GET',
			path: (c) => `/v1/tx/${pathPart(c, 'transactionId', 'Transaction ID')}`,
			fields: [idField('transactionId', 'Transaction ID', 'The transaction ID (tx_id) of a task or an update')],
		}),
	],
};
