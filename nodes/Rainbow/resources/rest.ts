import { NodeOperationError, type IDataObject, type IHttpRequestMethods, type INodeProperties } from 'n8n-workflow';

import { asItems, compact } from '../../shared/items';
import type { Operation, OperationContext, OperationResult } from '../../shared/operations';
import { collectPages, withPagingFields } from '../../shared/paging';
import { rainbowRequest, type RainbowCall } from '../transport';

export interface RestOperationSpec {
	value: string;
	name: string;
	action: string;
	description: string;
	method: IHttpRequestMethods;
	/** The path, or how to build it from the item's parameters (see `pathPart`). */
	path: string | ((context: OperationContext) => string);
	fields?: INodeProperties[];
	query?: (context: OperationContext) => IDataObject;
	body?: (context: OperationContext) => IDataObject | string[];
	/** A multipart body: reads what it needs once, and returns the factory of a fresh FormData per attempt. */
	form?: (context: OperationContext) => Promise<() => FormData>;
	/** A `{count, items}` list paged with `page` (1-based) and `limit`: adds Return All / Limit. */
	paged?: { noun: string };
	/** How the answer becomes output items; by default a list gives one item per element. */
	output?: (data: unknown, context: OperationContext) => OperationResult;
}

/** A required text parameter, trimmed; an empty one is the user's error, named. */
export function requiredText(context: OperationContext, name: string, label: string): string {
	const value = context.param<unknown>(name, '');
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		throw new NodeOperationError(context.fn.getNode(), `The ${label} field is empty`, {
			description: `Fill in ${label}, or map it from an earlier node with an expression.`,
			itemIndex: context.itemIndex,
		});
	}
	return text;
}

/** A required parameter as one encoded path segment. */
export function pathPart(context: OperationContext, name: string, label: string): string {
	return encodeURIComponent(requiredText(context, name, label));
}

function hasMore(data: unknown, page: number, pageSize: number, received: number): boolean {
	const count = Number((data as { count?: unknown })?.count);
	return Number.isFinite(count) ? page * pageSize < count : received === pageSize;
}

function pageItems(data: unknown): IDataObject[] {
	const items = (data as { items?: unknown })?.items ?? data;
	return Array.isArray(items) ? asItems(items) : [];
}

export function restOperation(spec: RestOperationSpec): Operation {
	const own = spec.fields ?? [];
	const fields = spec.paged ? withPagingFields(own, spec.paged.noun) : own;
	return {
		value: spec.value,
		name: spec.name,
		action: spec.action,
		description: spec.description,
		fields,
		async run(context) {
			const path = typeof spec.path === 'string' ? spec.path : spec.path(context);
			const query = spec.query ? compact(spec.query(context)) : {};
			const body = spec.body?.(context);
			const form = spec.form ? await spec.form(context) : undefined;
			const call = async (qs: IDataObject) => {
				const request: RainbowCall = { method: spec.method, path, qs, form };
				if (body !== undefined) request.body = Array.isArray(body) ? body : compact(body);
				return await rainbowRequest(context.fn, request, context.itemIndex);
			};
			if (!spec.paged) {
				const data = await call(query);
				return spec.output ? spec.output(data, context) : asItems(data);
			}
			const returnAll = context.param<boolean>('returnAll', false);
			const limit = context.param<number>('limit', 50);
			const pageSize = returnAll ? context.param<number>('pageSize', 50) : limit;
			return await collectPages(
				async (page, size) => {
					const data = await call({ ...query, page, limit: size });
					const items = pageItems(data);
					return { items, hasMore: hasMore(data, page, size, items.length) };
				},
				returnAll ? 'all' : limit,
				pageSize,
			);
		},
	};
}
