import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { asNodeError } from './errors';

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
	/** It changes something on the service (a mint, a payment): a failed batch names what it already did. */
	write?: boolean;
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
		const firstOperation = resource.operations[0].value;
		properties.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: [...resource.operations]
				.sort(byName)
				.map(({ name, value, action, description }) => ({ name, value, action, description })),
			default: firstOperation,
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

/** What a write did for one item: the item and the ids the service gave. */
interface Done {
	itemIndex: number;
	ids: string[];
}

function idsOf(items: INodeExecutionData[]): string[] {
	return items
		.map(({ json }) => json.id ?? json.traceId ?? json.followId)
		.filter((id): id is string | number => typeof id === 'string' || typeof id === 'number')
		.map(String);
}

/**
 * When a write fails after earlier items of the same run succeeded, n8n drops the node's output: the
 * error must then say what was done, so that a re-run does not do it again.
 */
function alreadyDone(done: Done[]): string {
	const items = done.map(({ itemIndex, ids }) => (ids.length > 0 ? `${itemIndex} (id ${ids.join(', ')})` : String(itemIndex)));
	return (
		`Items already done before this failure, not in the output because the node stopped: ${items.join('; ')}. ` +
		'Leave them out before running again, or turn on "Continue On Fail" to get every item\'s own result.'
	);
}

function noteAlreadyDone(error: NodeApiError | NodeOperationError, done: Done[]): void {
	if (done.length === 0) return;
	const note = alreadyDone(done);
	error.description = error.description ? `${error.description} ${note}` : note;
	error.context.alreadyDone = done.map(({ itemIndex, ids }) => ({ itemIndex, ids }));
}

/**
 * Runs the chosen operation for every input item. Output items are paired with the input item;
 * with "continue on fail" a failed item becomes `{error}` and the others go on; without it, the error
 * of a write names the items this run already did.
 */
export async function executeOperations(fn: IExecuteFunctions, resources: Resource[]): Promise<INodeExecutionData[][]> {
	const items = fn.getInputData();
	const output: INodeExecutionData[] = [];
	const done: Done[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let failure: NodeApiError | NodeOperationError | undefined;
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
			const result = toItems(await operation.run(context), itemIndex);
			output.push(...result);
			if (operation.write) done.push({ itemIndex, ids: idsOf(result) });
		} catch (error) {
			if (fn.continueOnFail()) {
				output.push({ json: errorMessage(error), pairedItem: { item: itemIndex } });
				continue;
			}
			failure = asNodeError(fn.getNode(), error, itemIndex);
		}
		if (failure) {
			failure.context.itemIndex ??= itemIndex;
			noteAlreadyDone(failure, done);
			throw failure;
		}
	}
	return [output];
}
