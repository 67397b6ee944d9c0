import type { IDataObject } from 'n8n-workflow';

import type { Resource } from '../../shared/operations';
import { requiredText } from '../../shared/parameters';
import { rainbowOperation } from '../descriptions';

export const accountResource: Resource = {
	value: 'account',
	name: 'Account',
	description: 'Web3 accounts Rainbow keeps for users, by phone number',
	operations: [
		rainbowOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many accounts',
			description: 'List the web3 accounts of the app, or those of one phone number, one item each',
			method: 'GET',
			path: '/v1/accounts',
			fields: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Only the accounts of this phone number' }],
				},
			],
			query: (c) => c.param<IDataObject>('filters', {}),
		}),
		rainbowOperation({
			value: 'create',
			name: 'Create',
			action: 'Create an account',
			description: 'Create the web3 account (mainnet and testnet addresses) of a phone number',
			method: 'POST',
			path: '/v1/accounts',
			fields: [
				{ displayName: 'Phone', name: 'phone', type: 'string', required: true, default: '', placeholder: '13800000000', description: 'Phone number of the user' },
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [
						{
							displayName: 'Create If Exists',
							name: 'create_if_exists',
							type: 'boolean',
							default: false,
							description: 'Whether to create another account when the phone number has one already (otherwise the existing one is returned)',
						},
					],
				},
			],
			body: (c) => ({ phone: requiredText(c, 'phone', 'Phone'), ...c.param<IDataObject>('additionalFields', {}) }),
		}),
	],
};
