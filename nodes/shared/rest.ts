import type { IDataObject, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { asItems, compact } from './items';
import type { Operation, OperationContext, OperationResult } from './operations';
import { collectPages, withPagingFields, type Page } from './paging';
import { requestTimeout } from './request-options';
import { isIdempotent } from './retry';
import type { ApiCall } from './transport';

/** One REST endpoint as a node operation: its fields, and how the item's parameters become the request. */
export interface RestSpec {
	value: string;
	name: string;
	/** n8n's action label, e.g. "Get many orders". */
	action: string;
	description: string;
	method: IHttpRequestMethods;
	/** The path under the API base, or how to build it from the item's parameters (see `pathPart`). */
	path: string | ((context: OperationContext) => string);
	fields?: INodeProperties[];
	query?: (context: OperationContext) => IDataObject;
	body?: (context: OperationContext) => IDataObject | unknown[];
	/** A multipart body: reads what it needs once, and returns the factory of a fresh FormData per attempt. */
	form?: (context: OperationContext) => Promise<() => FormData>;
	/** A paged list: adds Return All / Limit, and the API's `page` reads the pages. */
	paged?: { noun: string };
	/** How the answer's value becomes output items; by default the API's `output`. */
	output?: (value: unknown, context: OperationContext) => OperationResult;
}

/** What a node's API brings to its REST operations. */
export interface RestApi {
	/** Sends the call and returns the answer's value (a failure throws the node error). */
	send(context: OperationContext, call: ApiCall): Promise<unknown>;
	/** A page's items and whether another page follows; `page` is 1-based. */
	page(value: unknown, page: number, pageSize: number): Page;
	/** The query parameters that ask for one page. */
	pageQuery(page: number, pageSize: number): IDataObject;
	/** The output of a single answer; by default a list gives one item per element. */
	output?(value: unknown): OperationResult;
}

/** The operation of a REST endpoint, sent through the node's API. */
export function restOperation(spec: RestSpec, api: RestApi): Operation {
	const own = spec.fields ?? [];
	const output = spec.output ?? ((value: unknown) => (api.output ? api.output(value) : asItems(value)));
	return {
		value: spec.value,
		name: spec.name,
		action: spec.action,
		description: spec.description,
		write: !isIdempotent(spec.method),
		fields: spec.paged ? withPagingFields(own, spec.paged.noun) : own,
		async run(context) {
			const path = typeof spec.path === 'string' ? spec.path : spec.path(context);
			const query = spec.query ? compact(spec.query(context)) : {};
			const body = spec.body?.(context);
			const form = spec.form ? await spec.form(context) : undefined;
			const call = async (qs: IDataObject) => {
				const request: ApiCall = { method: spec.method, path, qs, form, timeout: requestTimeout(context) };
				if (body !== undefined) request.body = Array.isArray(body) ? body : compact(body);
				return await api.send(context, request);
			};
			if (!spec.paged) return output(await call(query), context);
			const returnAll = context.param<boolean>('returnAll', false);
			const limit = context.param<number>('limit', 50);
			const pageSize = returnAll ? context.param<number>('pageSize', 50) : limit;
			return await collectPages(
				async (page, size) => api.page(await call({ ...query, ...api.pageQuery(page, size) }), page, size),
				returnAll ? 'all' : limit,
				pageSize,
			);
		},
	};
}
