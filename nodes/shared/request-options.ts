import type { INodeProperties } from 'n8n-workflow';

import type { OperationContext } from './operations';

/** How long a request may wait for its answer when the node does not say (n8n's own default is 5 min). */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** The node-wide options of every request, shown for every operation. */
export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_MS,
			description:
				'Time in ms to wait for the server to answer before giving up. A read is then retried; a write is not sent again.',
		},
	],
};

/** The Timeout of a Request Options value in ms, else the default. */
export function timeoutOf(requestOptions: { timeout?: unknown } | undefined): number {
	const timeout = Number(requestOptions?.timeout);
	return Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS;
}

/** The item's request timeout in ms. */
export function requestTimeout(context: OperationContext): number {
	return timeoutOf(context.param<{ timeout?: number }>('requestOptions', {}));
}
