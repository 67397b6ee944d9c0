import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { describeResources, executeOperations, type Resource } from '../shared/operations';
import { requestOptionsField } from '../shared/request-options';
import { accountResource } from './resources/account';
import { authResource } from './resources/auth';
import { burnResource } from './resources/burn';
import { contractResource } from './resources/contract';
import { fileResource } from './resources/file';
import { metadataResource } from './resources/metadata';
import { mintResource } from './resources/mint';
import { nftResource } from './resources/nft';
import { transactionResource } from './resources/transaction';
import { transferResource } from './resources/transfer';

const resources: Resource[] = [
	authResource,
	metadataResource,
	contractResource,
	mintResource,
	fileResource,
	transferResource,
	burnResource,
	nftResource,
	transactionResource,
	accountResource,
];

export class Rainbow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Rainbow',
		name: 'rainbow',
		icon: { light: 'file:rainbow.svg', dark: 'file:rainbow.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Deploy NFT contracts, mint, transfer and burn NFTs and store their files with NFTRainbow on Conflux',
		defaults: { name: 'Rainbow' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'rainbowApi', required: true }],
		properties: [
			...describeResources(resources, 'mint'),
			// Login and token signing have their own fixed timeout.
			{ ...requestOptionsField, displayOptions: { hide: { resource: ['auth'] } } },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, resources);
	}
}
