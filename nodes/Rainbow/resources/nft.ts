import type { IDataObject } from 'n8n-workflow';

import type { OperationContext, Resource } from '../../shared/operations';
import { pathPart } from '../../shared/parameters';
import {
	addressField,
	apiNames,
	chainField,
	contractAddressField,
	contractTypeField,
	contractTypeOptions,
	rainbowOperation,
	tokenIdField,
} from '../descriptions';

const tokenPath = (c: OperationContext) =>
	`${pathPart(c, 'contractAddress', 'Contract Address')}/${pathPart(c, 'nftId', 'Token ID')}`;

export const nftResource: Resource = {
	value: 'nft',
	name: 'NFT',
	description: 'Owners, balances and token URIs of NFTs',
	operations: [
		rainbowOperation({
			value: 'get',
			name: 'Get',
			action: 'Get an NFT',
			description: 'Get the owner and token URI of an NFT',
			method: 'GET',
			path: (c) => `/v1/nft/${tokenPath(c)}`,
			fields: [contractAddressField, tokenIdField],
		}),
		rainbowOperation({
			value: 'getHoldCount',
			name: 'Get Hold Count',
			action: 'Get how many of an NFT an address holds',
			description: 'Get how many tokens of one token ID an address holds',
			method: 'GET',
			path: (c) => `/v1/nft/count/${tokenPath(c)}/${pathPart(c, 'holderAddress', 'Holder Address')}`,
			fields: [
				contractAddressField,
				tokenIdField,
				addressField('holderAddress', 'Holder Address', 'Address whose balance to read'),
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Contract Type',
							name: 'type',
							type: 'options',
							options: contractTypeOptions,
							default: 'erc721',
							description: 'The token standard of the contract (Rainbow assumes ERC-721)',
						},
						{
							displayName: 'Epoch Height',
							name: 'epoch_height',
							type: 'number',
							typeOptions: { minValue: 0, numberPrecision: 0 },
							default: 0,
							description: 'Read the balance as of this epoch instead of the latest state',
						},
					],
				},
			],
			query: (c) => apiNames(c.param<IDataObject>('options', {})),
		}),
		rainbowOperation({
			value: 'updateTokenUri',
			name: 'Update Token URI',
			action: 'Update the token URI of an NFT',
			description: 'Point an NFT at new metadata; outputs the transaction',
			method: 'PUT',
			path: (c) => `/v1/nft/${tokenPath(c)}/tokenUri`,
			fields: [
				chainField,
				contractAddressField,
				contractTypeField,
				tokenIdField,
				{
					displayName: 'Token URI',
					name: 'uri',
					type: 'string',
					default: '',
					placeholder: 'https://nftrainbow.mypinata.cloud/ipfs/Qm…',
					description: 'The new metadata URI of the NFT',
				},
			],
			body: (c) => ({ chain: c.param('chain'), contract_type: c.param('contractType'), token_uri: c.param<string>('uri', '') }),
		}),
	],
};
