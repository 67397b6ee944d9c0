import { NodeApiError, NodeOperationError, type IDataObject, type IHttpRequestMethods, type INode, type JsonObject } from 'n8n-workflow';

import { retryAfterMs, type FullResponse } from '../../credentials/common/http-response';
import { isIdempotent } from './retry';

/** What a service said when it refused a call: its own message and code, and any field details. */
export interface ServiceError {
	message: string;
	code?: string | number;
	details?: IDataObject;
}

/**
 * Any error as a node error of the item: n8n's own pass unchanged; those of the credential code (a bad
 * keystore, a refused login) keep their message and what-to-check description.
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof Error && error.name === 'CredentialError') {
		const { description } = error as Error & { description?: string };
		return new NodeOperationError(node, error.message, { description, itemIndex });
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/**
 * The error a node shows for a failed call: the service's own message and code, the HTTP status, and
 * what to check.
 */
export function apiError(
	node: INode,
	service: string,
	response: FullResponse,
	error: ServiceError,
	itemIndex: number,
): NodeApiError {
	const status = response.statusCode;
	const code = error.code !== undefined && error.code !== '' ? ` (code ${error.code})` : '';
	let description = `HTTP ${status}`;
	if (status === 401 || status === 403) {
		description += ': the token was refused even after renewing it. Check the credential and its Base URL.';
	} else if (status === 429) {
		const wait = retryAfterMs(response);
		description += `: rate limited${wait !== undefined ? `; try again in ${Math.ceil(wait / 1000)} s` : ''}.`;
	} else if (status >= 500) {
		description += ': the service had an internal error; try again later.';
	}
	return new NodeApiError(
		node,
		{ message: error.message, code: error.code ?? null, httpCode: String(status), details: error.details ?? null } as JsonObject,
		{ message: `${service}: ${error.message}${code}`, description, httpCode: String(status), itemIndex },
	);
}

/**
 * A request that got no answer in time. A read was already retried; a write was sent once and not
 * again, since the service may have done it: the error says so, and how to check.
 */
export function timeoutError(
	node: INode,
	service: string,
	call: { method: string; path: string; timeout?: number },
	itemIndex: number,
): NodeApiError {
	const seconds = call.timeout !== undefined ? `${Math.round(call.timeout / 100) / 10} s` : 'the time allowed';
	const write = !isIdempotent(call.method as IHttpRequestMethods);
	return new NodeApiError(
		node,
		{ message: 'timeout', path: call.path } as JsonObject,
		{
			message: write
				? `${service}: no answer to ${call.method} ${call.path} within ${seconds}; it may have been done, and was not sent again`
				: `${service}: no answer to ${call.method} ${call.path} within ${seconds}`,
			description: write
				? 'Check with a Get or Get Many operation whether it was done before running it again. A longer Timeout is under Request Options.'
				: 'The service is slow or unreachable. Try again later, or set a longer Timeout under Request Options.',
			itemIndex,
		},
	);
}
