import type { IDataObject, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { asItems, compact } from './items';
import type { Operation, OperationContext, OperationResult } from './operations';
import { collectPages, unseen, withPagingFields, type Page } from './paging';
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
	/**
	 * A list: adds Return All / Limit. It pages (the API's `pageQuery` asks for a page, its `page` reads
	 * one) unless `single`: the endpoint answers the whole list at once and takes no page parameters.
	 */
	paged?: { noun: string; single?: boolean };
	/** How the answer's value becomes output items (`sent`: the request's body); by default the API's `output`. */
	output?: (value: unknown, context: OperationContext, sent: { body?: IDataObject | unknown[] }) => OperationResult;
}

/** What a node's API brings to its REST operations. */
export interface RestApi {
	/** Sends the call and returns the answer's value (a failure throws the node error). */
	send(context: OperationContext, call: ApiCall): Promise<unknown>;
	/** A page's items and whether another page follows; `page` is 1-based. */
	page(value: unknown, page: number, pageSize: number): Page;
	/** The query parameters that ask for one page. */
	pageQuery(page: number, pageSize: number): IDataObject;
	/** One page as one output item: the list with the service's paging information. */
	onePage(value: unknown): IDataObject;
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
		fields: spec.paged ? withPagingFields(own, spec.paged.noun, undefined, !spec.paged.single) : own,
		async run(context) {
			const path = typeof spec.path === 'string' ? spec.path : spec.path(context);
			const query = spec.query ? compact(spec.query(context)) : {};
			const raw = spec.body?.(context);
			const body = raw === undefined || Array.isArray(raw) ? raw : compact(raw);
			const form = spec.form ? await spec.form(context) : undefined;
			const call = async (qs: IDataObject) => {
				const request: ApiCall = { method: spec.method, path, qs, form, timeout: requestTimeout(context) };
				if (body !== undefined) request.body = body;
				return await api.send(context, request);
			};
			if (!spec.paged) return output(await call(query), context, { body });
			const returnAll = context.param<boolean>('returnAll', false);
			const limit = context.param<number>('limit', 50);
			if (spec.paged.single) {
				// One answer holds the whole list: Return All and Limit only choose how much of it to keep.
				const records = unseen(api.page(await call(query), 1, limit).items);
				return returnAll ? records : records.slice(0, limit);
			}
			const page = returnAll ? 0 : context.param<number>('page', 0);
			if (page > 0) return api.onePage(await call({ ...query, ...api.pageQuery(page, limit) }));
			const pageSize = returnAll ? context.param<number>('pageSize', 50) : limit;
			return await collectPages(
				async (number, size) => api.page(await call({ ...query, ...api.pageQuery(number, size) }), number, size),
				returnAll ? 'all' : limit,
				pageSize,
			);
		},
	};
}
