import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

/**
 * A node as a table of resources and operations. Each operation holds its option, its own fields and
 * its handler side by side, so adding an operation touches one place; the node file only assembles.
 */

export interface OperationContext {
	readonly fn: IExecuteFunctions;
	readonly itemIndex: number;
	/** A parameter of this item. */
	param<T = unknown>(name: string, fallback?: T): T;
}

export type OperationResult = IDataObject | IDataObject[] | INodeExecutionData[];

export interface Operation {
	value: string;
	name: string;
	/** n8n's action label, e.g. "Get many orders". */
	action: string;
	description: string;
	/** The operation's fields; `displayOptions` for this resource and operation are added for you. */
	fields?: INodeProperties[];
	run(context: OperationContext): Promise<OperationResult>;
}

export interface Resource {
	value: string;
	name: string;
	description?: string;
	operations: Operation[];
}

function scoped(field: INodeProperties, resource: string, operation: string): INodeProperties {
	const show = field.displayOptions?.show ?? {};
	return {
		...field,
		displayOptions: { ...field.displayOptions, show: { ...show, resource: [resource], operation: [operation] } },
	};
}

/** The resource selector, one operation selector per resource, and every operation's fields. */
export function describeResources(resources: Resource[], defaultResource = resources[0].value): INodeProperties[] {
	const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [...resources]
				.sort(byName)
				.map(({ name, value, description }) => ({ name, value, ...(description ? { description } : {}) })),
			default: defaultResource,
		},
	];
	for (const resource of resources) {
		// The default is the resource's first operation, which the rule cannot see statically.
		// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: [...resource.operations]
				.sort(byName)
				.map(({ name, value, action, description }) => ({ name, value, action, description })),
			default: resource.operations[0].value,
		});
	}
	for (const resource of resources) {
		for (const operation of resource.operations) {
			for (const field of operation.fields ?? []) properties.push(scoped(field, resource.value, operation.value));
		}
	}
	return properties;
}

function toItems(result: OperationResult, itemIndex: number): INodeExecutionData[] {
	const list = Array.isArray(result) ? result : [result];
	return list.map((entry) => {
		const item = (entry as INodeExecutionData).json !== undefined && typeof (entry as INodeExecutionData).json === 'object'
			? (entry as INodeExecutionData)
			: { json: entry as IDataObject };
		return { ...item, pairedItem: { item: itemIndex } };
	});
}

function errorMessage(error: unknown): IDataObject {
	const { message, description } = error as { message?: string; description?: string | null };
	return { error: message ?? String(error), ...(description ? { description } : {}) };
}

/**
 * Runs the chosen operation for every input item. Output items are paired with the input item;
 * with "continue on fail" a failed item becomes `{error}` and the others go on.
 */
export async function executeOperations(fn: IExecuteFunctions, resources: Resource[]): Promise<INodeExecutionData[][]> {
	const items = fn.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resourceName = fn.getNodeParameter('resource', itemIndex) as string;
			const operationName = fn.getNodeParameter('operation', itemIndex) as string;
			const operation = resources
				.find((resource) => resource.value === resourceName)
				?.operations.find((candidate) => candidate.value === operationName);
			if (!operation) {
				throw new NodeOperationError(fn.getNode(), `Unknown operation "${operationName}" of resource "${resourceName}"`, {
					itemIndex,
				});
			}
			const context: OperationContext = {
				fn,
				itemIndex,
				param: <T>(name: string, fallback?: T) =>
					(fallback === undefined
						? fn.getNodeParameter(name, itemIndex)
						: fn.getNodeParameter(name, itemIndex, fallback as never)) as T,
			};
			output.push(...toItems(await operation.run(context), itemIndex));
		} catch (error) {
			if (fn.continueOnFail()) {
				output.push({ json: errorMessage(error), pairedItem: { item: itemIndex } });
				continue;
			}
			if (error instanceof NodeApiError || error instanceof NodeOperationError) {
				error.context.itemIndex ??= itemIndex;
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- already a node error
				throw error;
			}
			const message = (error as Error)?.message ?? String(error);
			throw new NodeOperationError(fn.getNode(), error as Error, { itemIndex, message });
		}
	}
	return [output];
}
