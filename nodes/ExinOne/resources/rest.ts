import type { IDataObject, IHttpRequestMethods, INodeProperties } from 'n8n-workflow';

import { asItems, compact } from '../../shared/items';
import type { Operation, OperationContext } from '../../shared/operations';
import { collectPages, withPagingFields } from '../../shared/paging';
import { exinOneRequest, type ExinOneEnvelope } from '../transport';

export const DRAFT_NOTE =
	'Documented only on a draft branch of ExinOne\'s docs: it may not be available on the live API.';

export interface RestOperationSpec {
	value: string;
	name: string;
	action: string;
	description: string;
	method: IHttpRequestMethods;
	path: string;
	public?: boolean;
	draft?: boolean;
	fields?: INodeProperties[];
	query?: (context: OperationContext) => IDataObject;
	body?: (context: OperationContext) => IDataObject;
	/** Paged list (`meta: {currentPage, perPage, total, nextLink}`): adds Return All / Limit. */
	paged?: { noun: string };
}

function hasMore(answer: ExinOneEnvelope, page: number): boolean {
	const meta = answer.meta;
	if (!meta) return false;
	if (meta.nextLink) return true;
	const perPage = Number(meta.perPage);
	const total = Number(meta.total);
	return Number.isFinite(perPage) && Number.isFinite(total) && (Number(meta.currentPage) || page) * perPage < total;
}

/** Public endpoints can be called without a credential; this option points them at another API base. */
const publicOptions: INodeProperties = {
	displayName: 'Options',
	name: 'publicOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://app.eiduwejdk.com/api/v2',
			description:
				"API base to call instead of the credential's (or, without a credential, ExinOne's default)",
		},
	],
};

export function restOperation(spec: RestOperationSpec): Operation {
	const own = spec.fields ?? [];
	const fields = [...(spec.paged ? withPagingFields(own, spec.paged.noun) : own), ...(spec.public ? [publicOptions] : [])];
	return {
		value: spec.value,
		name: spec.name,
		action: spec.action,
		description: spec.draft ? `${spec.description}. ${DRAFT_NOTE}` : spec.description,
		fields,
		async run(context) {
			const call = (qs: IDataObject) =>
				exinOneRequest(
					context.fn,
					{
						method: spec.method,
						path: spec.path,
						public: spec.public,
						baseUrl: spec.public ? context.param<{ baseUrl?: string }>('publicOptions', {}).baseUrl : undefined,
						qs: compact(qs),
						body: spec.body ? compact(spec.body(context)) : undefined,
					},
					context.itemIndex,
				);
			const query = spec.query ? spec.query(context) : {};
			if (!spec.paged) return asItems((await call(query)).data);
			const returnAll = context.param<boolean>('returnAll', false);
			const limit = context.param<number>('limit', 50);
			const pageSize = returnAll ? context.param<number>('pageSize', 50) : limit;
			return await collectPages(
				async (page, size) => {
					const answer = await call({ ...query, page, limit: size });
					return { items: asItems(answer.data), hasMore: hasMore(answer, page) };
				},
				returnAll ? 'all' : limit,
				pageSize,
			);
		},
	};
}

export const assetUuidField = (name: string, displayName: string, required: boolean, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required,
	default: '',
	placeholder: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa',
	description,
});

export const amountField = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	required: true,
	default: '',
	placeholder: '0.01',
	description: `${description}. A decimal string, so no precision is lost.`,
});
