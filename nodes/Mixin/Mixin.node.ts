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
import { sendMany, transferResource } from './resources/transfer';

const resources: Resource[] = [assetResource, transferResource];

export class Mixin implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mixin',
		name: 'mixin',
		icon: { light: 'file:mixin.svg', dark: 'file:mixin.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: "Read a Mixin bot's balances and send Safe transfers, signed with its keystore and spend key",
		defaults: { name: 'Mixin' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mixinApi', required: true }],
		properties: [...describeResources(resources, 'transfer'), requestOptionsField],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// Send Many makes one transaction of many items: it runs over all of them at once.
		if (this.getNodeParameter('resource', 0) === 'transfer' && this.getNodeParameter('operation', 0) === 'sendMany') {
			return [await sendMany(this)];
		}
		return await executeOperations(this, resources);
	}
}
