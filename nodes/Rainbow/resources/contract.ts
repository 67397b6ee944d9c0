import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { OperationContext, Resource } from '../../shared/operations';
import { addressField, addressList, chainField, chainOptions, contractAddressField, contractTypeOptions, idField } from './fields';
import { pathPart, requiredText, restOperation } from './rest';

const contractPath = (c: OperationContext, rest = '') => `/v1/contracts/${pathPart(c, 'contractAddress', 'Contract Address')}${rest}`;

/** An optional chain filter: without it Rainbow finds the contract on whichever chain it is. */
const chainOption: INodeProperties = {
	displayName: 'Chain',
	name: 'chain',
	type: 'options',
	options: chainOptions,
	default: 'conflux_test',
	description: 'The network the contract is on',
};

const whitelistAddresses: INodeProperties = {
	displayName: 'User Addresses',
	name: 'users',
	type: 'string',
	typeOptions: { rows: 2 },
	required: true,
	default: '',
	placeholder: 'cfxtest:aak2rra2njvd77ezwjvx04kkds9fzagfe6d5r8e957, cfxtest:aas…',
	description: 'Addresses of the users, separated by commas or new lines (an array from an expression works too)',
};

const deployOptions: INodeProperties[] = [
	{
		displayName: 'Auto Sponsor',
		name: 'auto_sponsor',
		type: 'boolean',
		default: true,
		description: 'Whether Rainbow keeps the contract\'s gas and storage sponsored',
	},
	{
		displayName: 'Base URI',
		name: 'base_uri',
		type: 'string',
		default: '',
		description: 'Prefix of token URIs of tokens minted without their own URI',
	},
	{
		displayName: 'Owner Address',
		name: 'owner_address',
		type: 'string',
		default: '',
		description: 'Owner (admin) of the contract; by default the app\'s own account',
	},
	{
		displayName: 'Royalties Address',
		name: 'royalties_address',
		type: 'string',
		default: '',
		description: 'Address that receives royalties (EIP-2981)',
	},
	{
		displayName: 'Royalties (Basis Points)',
		name: 'royalties_bps',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 10000, numberPrecision: 0 },
		default: 0,
		description: 'Royalties in hundredths of a percent: 250 is 2.5%',
	},
	{
		displayName: 'Sponsor For All Users',
		name: 'is_sponsor_for_all_user',
		type: 'boolean',
		default: true,
		description: 'Whether every user\'s transactions with the contract are sponsored, not only those of whitelisted users',
	},
	{
		displayName: 'Tokens Transferable By Admin',
		name: 'tokens_transferable_by_admin',
		type: 'boolean',
		default: true,
		description: 'Whether the contract admin may transfer tokens it does not own',
	},
	{
		displayName: 'Tokens Transferable By User',
		name: 'tokens_transferable_by_user',
		type: 'boolean',
		default: true,
		description: 'Whether holders may transfer their tokens',
	},
	{
		displayName: 'Transfer Cooldown Time (Seconds)',
		name: 'transfer_cooldown_time',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: 0,
		description: 'How long a token cannot be transferred again after a transfer',
	},
];

export const contractResource: Resource = {
	value: 'contract',
	name: 'Contract',
	description: 'NFT contracts, their admin and gas sponsorship',
	operations: [
		restOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many contracts',
			description: 'List the contracts the app deployed',
			method: 'GET',
			path: '/v1/contracts/',
			paged: { noun: 'contracts' },
		}),
		restOperation({
			value: 'deploy',
			name: 'Deploy',
			action: 'Deploy a contract',
			description: 'Deploy a new ERC-721 or ERC-1155 contract; deployment is a task that completes later',
			method: 'POST',
			path: '/v1/contracts/',
			fields: [
				chainField,
				{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', description: 'Name of the collection' },
				{ displayName: 'Symbol', name: 'symbol', type: 'string', required: true, default: '', placeholder: 'RBW', description: 'Symbol of the collection' },
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: contractTypeOptions,
					default: 'erc721',
					description: 'The token standard of the contract',
				},
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: deployOptions,
				},
			],
			body: (c) => ({
				chain: c.param('chain'),
				name: requiredText(c, 'name', 'Name'),
				symbol: requiredText(c, 'symbol', 'Symbol'),
				type: c.param('type'),
				...c.param<IDataObject>('additionalFields', {}),
			}),
		}),
		restOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a contract',
			description: 'Get one contract (and its deployment status) by its Rainbow ID',
			method: 'GET',
			path: (c) => `/v1/contracts/detail/${pathPart(c, 'contractId', 'Contract ID')}`,
			fields: [idField('contractId', 'Contract ID', 'The ID Rainbow gave the contract when it was deployed')],
		}),
		restOperation({
			value: 'getAdmin',
			name: 'Get Admin',
			action: 'Get the admin of a contract',
			description: 'Get the admin address of a contract (Conflux only)',
			method: 'GET',
			path: (c) => contractPath(c, '/admin'),
			fields: [contractAddressField],
			output: (data, c) => ({ contract_address: c.param<string>('contractAddress').trim(), admin_address: data as string }),
		}),
		restOperation({
			value: 'updateAdmin',
			name: 'Update Admin',
			action: 'Update the admin of a contract',
			description: 'Make another address the admin of a contract; outputs the transaction ID',
			method: 'PUT',
			path: (c) => contractPath(c, '/admin'),
			fields: [contractAddressField, addressField('adminAddress', 'Admin Address', 'Address of the new admin')],
			body: (c) => ({ admin_address: requiredText(c, 'adminAddress', 'Admin Address') }),
		}),
		restOperation({
			value: 'getProfile',
			name: 'Get Profile',
			action: 'Get the runtime profile of a contract',
			description: 'Get a contract with its highest minted token ID',
			method: 'GET',
			path: (c) => contractPath(c, '/profile'),
			fields: [
				contractAddressField,
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Ignore Token IDs',
							name: 'ignore_token_ids',
							// eslint-disable-next-line n8n-nodes-base/node-param-type-options-password-missing -- a token ID or URI is public chain data, not a secret
							type: 'string',
							default: '',
							placeholder: '1000000,1000001',
							description: 'Token IDs to leave out when computing the highest one, separated by commas',
						},
					],
				},
			],
			query: (c) => c.param<IDataObject>('options', {}),
		}),
		restOperation({
			value: 'getSponsor',
			name: 'Get Sponsor',
			action: 'Get the sponsor of a contract',
			description: 'Get the gas and storage sponsors of a contract and their balances',
			method: 'GET',
			path: (c) => contractPath(c, '/sponsor'),
			fields: [
				contractAddressField,
				{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: [chainOption] },
			],
			query: (c) => c.param<IDataObject>('options', {}),
		}),
		restOperation({
			value: 'setSponsor',
			name: 'Set Sponsor',
			action: 'Set the sponsor of a contract',
			description: 'Have Rainbow sponsor the gas and storage of a contract; outputs the two transaction IDs',
			method: 'POST',
			path: (c) => contractPath(c, '/sponsor'),
			fields: [
				contractAddressField,
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Auto Sponsor',
							name: 'auto_sponsor',
							type: 'boolean',
							default: true,
							description: 'Whether Rainbow keeps the sponsorship topped up (for mainnet contracts)',
						},
						chainOption,
					],
				},
			],
			query: (c) => c.param<IDataObject>('options', {}),
		}),
		restOperation({
			value: 'getSponsorWhitelist',
			name: 'Get Sponsor Whitelist',
			action: 'Get the sponsor whitelist of a contract',
			description: 'List the addresses whose transactions with the contract are sponsored, one item each',
			method: 'GET',
			path: (c) => contractPath(c, '/sponsor/whitelist'),
			fields: [contractAddressField],
			output: (data) => (Array.isArray(data) ? data.map((address) => ({ address: String(address) })) : []),
		}),
		restOperation({
			value: 'addToSponsorWhitelist',
			name: 'Add to Sponsor Whitelist',
			action: 'Add addresses to the sponsor whitelist',
			description: 'Sponsor the transactions of more users with the contract; outputs the transaction ID',
			method: 'POST',
			path: (c) => contractPath(c, '/sponsor/whitelist'),
			fields: [contractAddressField, whitelistAddresses],
			// The swagger's body is the bare list of addresses.
			body: (c) => addressList(c, 'users', 'User Addresses'),
		}),
		restOperation({
			value: 'removeFromSponsorWhitelist',
			name: 'Remove From Sponsor Whitelist',
			action: 'Remove addresses from the sponsor whitelist',
			description: 'Stop sponsoring the transactions of some users with the contract; outputs the transaction ID',
			method: 'DELETE',
			path: (c) => contractPath(c, '/sponsor/whitelist'),
			fields: [contractAddressField, whitelistAddresses],
			body: (c) => addressList(c, 'users', 'User Addresses'),
		}),
	],
};
