import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { compact } from '../../shared/items';
import type { Resource } from '../../shared/operations';
import { pathPart, requiredText } from '../../shared/parameters';
import {
	addressField,
	amountField,
	apiNames,
	attributes,
	attributesField,
	binaryFile,
	binaryPropertyField,
	chainField,
	chainOptions,
	contractAddressField,
	formData,
	idField,
	rainbowOperation,
	rows,
} from '../descriptions';

const mintToField = addressField('mintToAddress', 'Mint To Address', 'Address that receives the NFT');
const mintIdField = idField('mintId', 'Mint ID', 'The ID Rainbow gave the mint task');
const nameField: INodeProperties = { displayName: 'Name', name: 'name', type: 'string', required: true, default: '', description: 'Name of the NFT' };

export const mintResource: Resource = {
	value: 'mint',
	name: 'Mint',
	description: 'Mint NFTs and follow the mint tasks',
	operations: [
		rainbowOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many mint tasks',
			description: 'List the mint tasks of the app, newest first',
			method: 'GET',
			path: '/v1/mints/',
			paged: { noun: 'mint tasks' },
			fields: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Chain', name: 'chain', type: 'options', options: chainOptions, default: 'conflux_test', description: 'Only mints on this network' },
						{ displayName: 'Contract Address', name: 'contract', type: 'string', default: '', description: 'Only mints of this contract' },
						{ displayName: 'Mint To Address', name: 'mint_to', type: 'string', default: '', description: 'Only mints to this address' },
						{
							displayName: 'Status',
							name: 'status',
							type: 'options',
							options: [
								{ name: 'Failed', value: 2 },
								{ name: 'Pending', value: 0 },
								{ name: 'Success', value: 1 },
							],
							default: 1,
							description: 'Only mints in this state',
						},
					],
				},
			],
			query: (c) => c.param<IDataObject>('filters', {}),
		}),
		rainbowOperation({
			value: 'create',
			name: 'Create',
			action: 'Mint an NFT',
			description: 'Mint one NFT on a contract of the app, with a metadata URI (custom mint)',
			method: 'POST',
			path: '/v1/mints/',
			fields: [
				chainField,
				contractAddressField,
				mintToField,
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [
						amountField,
						{ displayName: 'Metadata URI', name: 'metadata_uri', type: 'string', default: '', description: 'URI of the NFT\'s metadata, e.g. from Metadata → Create' },
						{
							displayName: 'Token ID',
							name: 'nft_id',
							type: 'string',
							default: '',
							description: 'ID of the new token as a decimal string; by default the next free one',
						},
					],
				},
			],
			body: (c) => ({
				chain: c.param('chain'),
				contract_address: requiredText(c, 'contractAddress', 'Contract Address'),
				mint_to_address: requiredText(c, 'mintToAddress', 'Mint To Address'),
				...apiNames(c.param<IDataObject>('additionalFields', {})),
			}),
		}),
		rainbowOperation({
			value: 'createBatch',
			name: 'Create Batch',
			action: 'Mint NFTs in a batch',
			description: 'Mint several NFTs on one contract in one request; outputs one mint task per NFT',
			method: 'POST',
			path: '/v1/mints/customizable/batch',
			fields: [
				chainField,
				contractAddressField,
				{
					displayName: 'Mint Items',
					name: 'mintItems',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true },
					required: true,
					placeholder: 'Add NFT',
					default: {},
					description: 'The NFTs to mint',
					options: [
						{
							displayName: 'Item',
							name: 'item',
							values: [
								{ ...mintToField, name: 'mint_to_address' },
								{ displayName: 'Metadata URI', name: 'metadata_uri', type: 'string', default: '', description: 'URI of the NFT\'s metadata' },
									{ displayName: 'Token ID', name: 'nft_id', type: 'string', default: '', description: 'ID of the token as a decimal string; empty for the next free one' },
								amountField,
							],
						},
					],
				},
			],
			body: (c) => ({
				chain: c.param('chain'),
				contract_address: requiredText(c, 'contractAddress', 'Contract Address'),
				mint_items: rows(c.param('mintItems', {}), 'item').map(compact),
			}),
		}),
		rainbowOperation({
			value: 'mintFile',
			name: 'Mint File',
			action: 'Mint an NFT from a file',
			description: 'Upload a file and mint it as an NFT on the app\'s built-in contract (easy mint)',
			method: 'POST',
			path: '/v1/mints/easy/files',
			fields: [
				chainField,
				nameField,
				{ displayName: 'Description', name: 'description', type: 'string', required: true, default: '', description: 'Description of the NFT' },
				mintToField,
				binaryPropertyField,
			],
			form: async (c) => {
				const fields = {
					chain: c.param<string>('chain'),
					name: requiredText(c, 'name', 'Name'),
					description: requiredText(c, 'description', 'Description'),
					mint_to_address: requiredText(c, 'mintToAddress', 'Mint To Address'),
				};
				const file = await binaryFile(c, c.param<string>('binaryPropertyName', 'data'));
				return () => formData(fields, [{ field: 'file', file }]);
			},
		}),
		rainbowOperation({
			value: 'mintByUrl',
			name: 'Mint by URL',
			action: 'Mint an NFT from a file URL',
			description: 'Mint an NFT on the app\'s built-in contract from the URL of its file (easy mint)',
			method: 'POST',
			path: '/v1/mints/easy/urls',
			fields: [
				chainField,
				nameField,
				{ displayName: 'File URL', name: 'fileUrl', type: 'string', required: true, default: '', description: 'URL of the NFT\'s image or file' },
				mintToField,
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [
						{ displayName: 'Animation URL', name: 'animation_url', type: 'string', default: '', description: 'URL of a multimedia attachment' },
						attributesField,
						{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Description of the NFT' },
					],
				},
			],
			body: (c) => {
				const { attributes: attributeRows, ...extra } = c.param<IDataObject>('additionalFields', {});
				const list = attributes(attributeRows);
				return {
					chain: c.param('chain'),
					name: requiredText(c, 'name', 'Name'),
					file_url: requiredText(c, 'fileUrl', 'File URL'),
					mint_to_address: requiredText(c, 'mintToAddress', 'Mint To Address'),
					...extra,
					...(list.length > 0 ? { attributes: list } : {}),
				};
			},
		}),
		rainbowOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a mint task',
			description: 'Get one mint task, with its status (0 pending, 1 success, 2 failed) and transaction hash',
			method: 'GET',
			path: (c) => `/v1/mints/${pathPart(c, 'mintId', 'Mint ID')}`,
			fields: [mintIdField],
		}),
		rainbowOperation({
			value: 'reMint',
			name: 'Re-Mint',
			action: 'Retry a mint task',
			description: 'Reset a failed mint task so that it is minted again',
			method: 'POST',
			path: (c) => `/v1/mints/${pathPart(c, 'mintId', 'Mint ID')}/reMint`,
			fields: [mintIdField],
		}),
	],
};
