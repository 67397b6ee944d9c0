import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { Resource } from '../../shared/operations';
import { pathPart, requiredText } from '../../shared/parameters';
import {
	amountField,
	apiNames,
	chainField,
	contractAddressField,
	contractTarget,
	contractTypeField,
	idField,
	rainbowOperation,
	rows,
	tokenIdField,
} from '../descriptions';

const holderField: INodeProperties = {
	displayName: 'Holder Address',
	name: 'user',
	type: 'string',
	default: '',
	description: 'Address that holds the tokens to burn (ERC-1155)',
};

export const burnResource: Resource = {
	value: 'burn',
	name: 'Burn',
	description: 'Burn NFTs and follow the burn tasks',
	operations: [
		rainbowOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many burn tasks',
			description: 'List the burn tasks of the app, newest first',
			method: 'GET',
			path: '/v1/burns',
			// Paged with `page` and `limit` as Rainbow's burns.md documents (its swagger declares no query
			// parameter). A server that ignores them answers the same records again: Return All then ends
			// at the first page that brings nothing new, and no task is output twice.
			paged: { noun: 'burn tasks' },
		}),
		rainbowOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a burn task',
			description: 'Get one burn task, with its status (0 pending, 1 success, 2 failed)',
			method: 'GET',
			path: (c) => `/v1/burns/${pathPart(c, 'burnId', 'Burn ID')}`,
			fields: [idField('burnId', 'Burn ID', 'The ID Rainbow gave the burn task')],
		}),
		rainbowOperation({
			value: 'create',
			name: 'Create',
			action: 'Burn an NFT',
			description: 'Burn one NFT',
			method: 'POST',
			path: '/v1/burns',
			fields: [
				chainField,
				contractAddressField,
				contractTypeField,
				tokenIdField,
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [amountField, holderField],
				},
			],
			body: (c) => ({ ...contractTarget(c), token_id: requiredText(c, 'nftId', 'Token ID'), ...apiNames(c.param<IDataObject>('additionalFields', {})) }),
		}),
		rainbowOperation({
			value: 'createBatch',
			name: 'Create Batch',
			action: 'Burn NFTs in a batch',
			description: 'Burn several NFTs of one contract in one request; outputs one burn task per NFT',
			method: 'POST',
			path: '/v1/burns/customizable/batch',
			fields: [
				chainField,
				contractAddressField,
				contractTypeField,
				{
					displayName: 'Items',
					name: 'items',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					required: true,
					placeholder: 'Add Burn',
					default: {},
					description: 'The NFTs to burn',
					options: [{ displayName: 'Item', name: 'item', values: [{ ...tokenIdField, name: 'nft_id' }, amountField] }],
				},
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [holderField],
				},
			],
			body: (c) => ({ ...contractTarget(c), items: rows(c.param('items', {}), 'item'), ...apiNames(c.param<IDataObject>('additionalFields', {})) }),
		}),
	],
};
