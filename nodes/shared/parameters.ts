import { NodeOperationError } from 'n8n-workflow';

import type { OperationContext } from './operations';

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

/**
 * An n8n date-time value (ISO text, a Luxon DateTime, a Date, or unix seconds or milliseconds from an
 * expression) as unix seconds, or undefined when empty; an unreadable one is the user's error, named.
 */
export function unixSeconds(context: OperationContext, value: unknown, label: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let ms: number;
	if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
	else if (value instanceof Date) ms = value.getTime();
	else if (typeof (value as { toMillis?: unknown }).toMillis === 'function') ms = (value as { toMillis(): number }).toMillis();
	else ms = /^\d+$/.test(String(value).trim()) ? Number(value) * (Number(value) < 1e11 ? 1000 : 1) : Date.parse(String(value));
	if (!Number.isFinite(ms)) {
		throw new NodeOperationError(context.fn.getNode(), `The ${label} field is not a date and time`, {
			description: `Pick a date in ${label}, or map an ISO date-time such as 2024-01-31T00:00:00Z.`,
			itemIndex: context.itemIndex,
		});
	}
	return Math.floor(ms / 1000);
}

/**
 * The start of the calendar day of an n8n date-time value, as unix seconds: the day as written, in the
 * value's own UTC offset (n8n writes date-times in the instance's time zone), UTC when it has none.
 */
export function dayStartSeconds(context: OperationContext, value: unknown, label: string): number | undefined {
	const seconds = unixSeconds(context, value, label);
	if (seconds === undefined) return undefined;
	const text = typeof value === 'string' ? value.trim() : '';
	const written = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]*)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
	const day = written ? written[1] : new Date(seconds * 1000).toISOString().slice(0, 10);
	const offset = written?.[2] ?? 'Z';
	return Math.floor(Date.parse(`${day}T00:00:00${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`) / 1000);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return UUID.test(value);
}

/** A required UUID parameter, trimmed and lower-cased; anything else is the user's error, named. */
export function requiredUuid(context: OperationContext, name: string, label: string): string {
	const value = requiredText(context, name, label);
	if (!isUuid(value)) {
		throw new NodeOperationError(context.fn.getNode(), `The ${label} field is not a UUID`, {
			description: `${label} takes a UUID such as c6d0c728-2624-429b-8e0d-d9d19b6592fa.`,
			itemIndex: context.itemIndex,
		});
	}
	return value.toLowerCase();
}

/** An optional UUID parameter: undefined when empty, else as `requiredUuid`. */
export function optionalUuid(context: OperationContext, name: string, label: string): string | undefined {
	const value = context.param<unknown>(name, '');
	return typeof value === 'string' && value.trim() === '' ? undefined : requiredUuid(context, name, label);
}
