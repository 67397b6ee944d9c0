import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { EXINONE_DEFAULT_BASE_URL } from '../../credentials/exinone/constants';
import { asItems } from '../shared/items';
import type { Operation, OperationContext } from '../shared/operations';
import { restOperation, type RestApi, type RestSpec } from '../shared/rest';
import { exinOneRequest, type ExinOneEnvelope } from './transport';

export const DRAFT_NOTE =
	'Documented only on a draft branch of ExinOne\'s docs: it may not be available on the live API.';

/** Public endpoints can be called without a credential; this option points them at another API base. */
export const publicOptionsField: INodeProperties = {
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
			placeholder: EXINONE_DEFAULT_BASE_URL,
			description:
				"API base to call instead of the credential's (or, without a credential, ExinOne's default)",
		},
	],
};

/** Whether ExinOne's list `meta` says there is a page after `page`. */
export function hasMorePages(answer: ExinOneEnvelope, page: number): boolean {
	const meta = answer.meta;
	if (!meta) return false;
	if (meta.nextLink) return true;
	const perPage = Number(meta.perPage);
	const total = Number(meta.total);
	return Number.isFinite(perPage) && Number.isFinite(total) && (Number(meta.currentPage) || page) * perPage < total;
}

/** The API base a public call of this item goes to, when the node says one. */
export function publicBaseUrl(context: OperationContext): string | undefined {
	return context.param<{ baseUrl?: string }>('publicOptions', {}).baseUrl || undefined;
}

export interface ExinOneSpec extends RestSpec {
	/** Callable without a credential (and causing no login). */
	public?: boolean;
	/** Documented only on the draft branch of ExinOne's docs. */
	draft?: boolean;
}

/** An ExinOne REST operation: the answer's `data` as items, paged by `page`/`limit` and `meta`. */
export function exinOneOperation(spec: ExinOneSpec): Operation {
	const api: RestApi = {
		send: async (context, call) =>
			await exinOneRequest(
				context.fn,
				{
					...call,
					public: spec.public,
					baseUrl: spec.public ? publicBaseUrl(context) : undefined,
				},
				context.itemIndex,
			),
		page: (value, page) => ({ items: asItems((value as ExinOneEnvelope).data), hasMore: hasMorePages(value as ExinOneEnvelope, page) }),
		pageQuery: (page, limit) => ({ page, limit }),
		onePage: (value) => ({ data: (value as ExinOneEnvelope).data ?? [], meta: (value as ExinOneEnvelope).meta ?? {} }) as IDataObject,
		output: (value) => asItems((value as ExinOneEnvelope).data),
	};
	const operation = restOperation(
		{
			...spec,
			description: spec.draft ? `${spec.description}. ${DRAFT_NOTE}` : spec.description,
		},
		api,
	);
	if (spec.public) operation.fields = [...(operation.fields ?? []), publicOptionsField];
	return operation;
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

/** Where ExinOne pays something out: your Mixin wallet (its default) or your trading account. */
export const walletField = (name: string, displayName: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	options: [
		{ name: 'Mixin Wallet', value: 'mixin' },
		{ name: 'Trading Account (Fund Pool)', value: 'fundpool' },
	],
	default: 'mixin',
	description,
});

/** The trace ID of the transfer that applied for a loan: how ExinOne's loan pages name a loan. */
export const applyTraceIdField: INodeProperties = {
	displayName: 'Apply Trace ID',
	name: 'applyTraceId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5b1f6f6c-6a84-4c0e-9d2b-8a6f0f8e7c11',
	description: 'The trace ID (UUID) of the transfer that applied for the loan',
};
