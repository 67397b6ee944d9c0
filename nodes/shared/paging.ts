import type { IDataObject, INodeProperties } from 'n8n-workflow';

/**
 * "Return All" and "Limit", as every n8n list operation has them; for a list that pages, "Page Size"
 * and "Page" (one page as one item, with the service's paging info).
 */
export function pagingFields(noun: string, maxLimit = 100, pages = true): INodeProperties[] {
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
		...(pages
			? ([
					{
						displayName: 'Page Size',
						name: 'pageSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: maxLimit },
						default: Math.min(50, maxLimit),
						description: `How many ${noun} to ask for per request when returning all`,
						displayOptions: { show: { returnAll: [true] } },
					},
					{
						displayName: 'Page',
						name: 'page',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 0 },
						default: 0,
						description: `Get only this page (from 1) of Limit ${noun}, as one item holding the list and the service's paging information; 0 to get the first Limit ${noun} as items`,
						displayOptions: { show: { returnAll: [false] } },
					},
				] as INodeProperties[])
			: []),
	];
}

/** Upper bound on requests of one "Return All", so a server that never says "last page" cannot loop us. */
export const MAX_PAGES = 1000;

export interface Page {
	items: IDataObject[];
	/** Whether the server says there is another page after this one. */
	hasMore: boolean;
}

/** What makes a record itself: the id the service gave it, else its whole content. */
export function recordKey(record: IDataObject): string {
	const id = record.id;
	return typeof id === 'string' || typeof id === 'number' ? `id:${id}` : JSON.stringify(record);
}

/** The records not in `seen` (each once), which are added to it. */
export function unseen(records: IDataObject[], seen = new Set<string>()): IDataObject[] {
	return records.filter((record) => {
		const key = recordKey(record);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/**
 * Collects pages 1, 2, … until `wanted` records are in, the server says there are no more, or a page
 * brings nothing new. A record is never emitted twice: a server that ignores the page parameter, or
 * whose list moved between two requests, answers records already seen.
 */
export async function collectPages(
	fetchPage: (page: number, pageSize: number) => Promise<Page>,
	wanted: number | 'all',
	pageSize: number,
): Promise<IDataObject[]> {
	const size = wanted === 'all' ? pageSize : Math.min(pageSize, wanted);
	const collected: IDataObject[] = [];
	const seen = new Set<string>();
	for (let page = 1; page <= MAX_PAGES; page++) {
		const { items, hasMore } = await fetchPage(page, size);
		const fresh = unseen(items, seen);
		collected.push(...fresh);
		if (wanted !== 'all' && collected.length >= wanted) return collected.slice(0, wanted);
		if (!hasMore || fresh.length === 0) break;
	}
	return collected;
}

/**
 * An operation's fields with Return All / Limit placed as n8n's own list operations have them: after
 * the operation's plain fields, before its Filters / Options / Additional Fields collections.
 */
export function withPagingFields(fields: INodeProperties[], noun: string, maxLimit?: number, pages = true): INodeProperties[] {
	const isCollection = (field: INodeProperties) => field.type === 'collection' || field.type === 'fixedCollection';
	return [...fields.filter((f) => !isCollection(f)), ...pagingFields(noun, maxLimit, pages), ...fields.filter(isCollection)];
}
