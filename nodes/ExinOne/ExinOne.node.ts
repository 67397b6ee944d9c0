import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { describeResources, executeOperations, type Resource } from '../shared/operations';
import { requestOptionsField } from '../shared/request-options';
import { assetResource } from './resources/asset';
import { authResource } from './resources/auth';
import { convertResource } from './resources/convert';
import { fundPoolResource } from './resources/fund-pool';
import { loanResource } from './resources/loan';
import { referralResource } from './resources/referral';
import { userResource } from './resources/user';
import { walletResource } from './resources/wallet';

/** The operations that pay by a Mixin transfer (Fund Pool's three confirm theirs with one). */
const TRANSFER_OPERATIONS = ['payByTransfer', 'deposit', 'withdraw', 'repayLoan', 'convert', 'apply', 'repay', 'register'];

const resources: Resource[] = [
	authResource,
	convertResource,
	userResource,
	walletResource,
	referralResource,
	fundPoolResource,
	loanResource,
	assetResource,
];

export class ExinOne implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExinOne',
		name: 'exinOne',
		icon: { light: 'file:exinone.svg', dark: 'file:exinone.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Convert assets, read accounts and trade by Mixin transfer on ExinOne, logged in with a Mixin bot keystore',
		defaults: { name: 'ExinOne' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'mixinKeystoreApi',
				// Public convert endpoints (assets, estimate, order detail) work without one.
				required: false,
			},
			{
				// Only the operations that pay by Mixin transfer ask for spending power; reading never does.
				name: 'mixinApi',
				required: false,
				displayOptions: { show: { operation: TRANSFER_OPERATIONS } },
			},
		],
		properties: [
			...describeResources(resources, 'convert'),
			// Login and token signing have their own fixed timeout.
			{ ...requestOptionsField, displayOptions: { hide: { resource: ['auth'] } } },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, resources);
	}
}
