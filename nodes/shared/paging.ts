import type { IDataObject, INodeProperties } from 'n8n-workflow';

/** "Return All" and "Limit", as every n8n list operation has them. */
export function pagingFields(noun: string, maxLimit = 100): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxLimit },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxLimit },
			default: Math.min(50, maxLimit),
			description: `How many ${noun} to ask for per request when returning all`,
			displayOptions: { show: { returnAll: [true] } },
		},
	];
}

/** Upper bound on requests of one "Return All", so a server that never says "last page" cannot loop us. */
export const MAX_PAGES = 1000;

export interface Page {
	items: IDataObject[];
	/** Whether the server says there is another page after this one. */
	hasMore: boolean;
}

/**
 * Collects pages 1, 2, … until `wanted` items are in, the server says there are no more, or a page
 * comes back empty.
 */
export async function collectPages(
	fetchPage: (page: number, pageSize: number) => Promise<Page>,
	wanted: number | 'all',
	pageSize: number,
): Promise<IDataObject[]> {
	const size = wanted === 'all' ? pageSize : Math.min(pageSize, wanted);
	const collected: IDataObject[] = [];
	for (let page = 1; page <= MAX_PAGES; page++) {
		const { items, hasMore } = await fetchPage(page, size);
		collected.push(...items);
		if (wanted !== 'all' && collected.length >= wanted) return collected.slice(0, wanted);
		if (!hasMore || items.length === 0) break;
	}
	return collected;
}

/**
 * An operation's fields with Return All / Limit placed as n8n's own list operations have them: after
 * the operation's plain fields, before its Filters / Options / Additional Fields collections.
 */
export function withPagingFields(fields: INodeProperties[], noun: string, maxLimit?: number): INodeProperties[] {
	const isCollection = (field: INodeProperties) => field.type === 'collection' || field.type === 'fixedCollection';
	return [...fields.filter((f) => !isCollection(f)), ...pagingFields(noun, maxLimit), ...fields.filter(isCollection)];
}
