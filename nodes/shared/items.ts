import type { IDataObject } from 'n8n-workflow';

/** The data of an answer as output items: a list gives one item per element. */
export function asItems(data: unknown): IDataObject[] {
	if (Array.isArray(data)) return data.map((entry) => (entry && typeof entry === 'object' ? (entry as IDataObject) : { value: entry }));
	if (data && typeof data === 'object') return [data as IDataObject];
	// An empty 2xx answer: the call worked, and a write must still yield its item.
	return data === undefined || data === null ? [{ success: true }] : [{ value: data as string }];
}

/** Drops empty optional values so they are not sent as `param=` or `"field": ""`. */
export function compact(values: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== '' && value !== undefined && value !== null));
}
