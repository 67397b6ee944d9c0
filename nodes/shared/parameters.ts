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
