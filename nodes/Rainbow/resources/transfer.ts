import type { IDataObject } from 'n8n-workflow';

import type { Resource } from '../../shared/operations';
import { pathPart, requiredText } from '../../shared/parameters';
import {
	addressField,
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

const fromField = addressField('transferFromAddress', 'From Address', 'Address that holds the NFT now');
const toField = addressField('transferToAddress', 'To Address', 'Address that receives the NFT');

export const transferResource: Resource = {
	value: 'transfer',
	name: 'Transfer',
	description: 'Transfer NFTs and follow the transfer tasks',
	operations: [
		rainbowOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many transfer tasks',
			description: 'List the transfer tasks of the app, newest first',
			method: 'GET',
			path: '/v1/transfers/',
			paged: { noun: 'transfer tasks' },
		}),
		rainbowOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a transfer task',
			description: 'Get one transfer task, with its status (0 pending, 1 success, 2 failed)',
			method: 'GET',
			path: (c) => `/v1/transfers/${pathPart(c, 'transferId', 'Transfer ID')}`,
			fields: [idField('transferId', 'Transfer ID', 'The ID Rainbow gave the transfer task')],
		}),
		rainbowOperation({
			value: 'create',
			name: 'Create',
			action: 'Transfer an NFT',
			description: 'Transfer one NFT from one address to another',
			method: 'POST',
			path: '/v1/transfers/customizable',
			fields: [
				chainField,
				contractAddressField,
				contractTypeField,
				tokenIdField,
				fromField,
				toField,
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [amountField],
				},
			],
			body: (c) => ({
				...contractTarget(c),
				token_id: requiredText(c, 'nftId', 'Token ID'),
				transfer_from_address: requiredText(c, 'transferFromAddress', 'From Address'),
				transfer_to_address: requiredText(c, 'transferToAddress', 'To Address'),
				...apiNames(c.param<IDataObject>('additionalFields', {})),
			}),
		}),
		rainbowOperation({
			value: 'createBatch',
			name: 'Create Batch',
			action: 'Transfer NFTs in a batch',
			description: 'Transfer several NFTs of one contract in one request; outputs one transfer task per NFT',
			method: 'POST',
			path: '/v1/transfers/customizable/batch',
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
					placeholder: 'Add Transfer',
					default: {},
					description: 'The NFTs to transfer',
					options: [
						{
							displayName: 'Item',
							name: 'item',
							values: [
								{ ...tokenIdField, name: 'nft_id' },
								{ ...fromField, name: 'transfer_from_address' },
								{ ...toField, name: 'transfer_to_address' },
								amountField,
							],
						},
					],
				},
			],
			body: (c) => ({ ...contractTarget(c), items: rows(c.param('items', {}), 'item') }),
		}),
	],
};
