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

/** Where a write was sent, for messages. */
export interface SentCall {
	method: string;
	path: string;
	timeout?: number;
}

const CHECK_BEFORE_AGAIN = 'Check with a Get or Get Many operation whether it was done before running it again.';

/**
 * A write whose outcome is unknown: it was sent, and the answer that would say whether it was done
 * never came (a timeout, a dropped connection) or was a server error, which may come after the work
 * was done. It was not sent again; the error says so, why, and how to check. `why` names the call
 * where it says `{call}`: "no answer to {call} within 3 s".
 */
export function unknownOutcomeError(
	node: INode,
	service: string,
	call: SentCall,
	why: string,
	itemIndex: number,
	options: { description?: string; httpCode?: string; context?: IDataObject } = {},
): NodeApiError {
	const error = new NodeApiError(
		node,
		{ message: why, path: call.path } as JsonObject,
		{
			message: `${service}: ${why.replace('{call}', `${call.method} ${call.path}`)}; it may have been done, and was not sent again`,
			description: options.description ?? `${CHECK_BEFORE_AGAIN} A longer Timeout is under Request Options.`,
			httpCode: options.httpCode,
			itemIndex,
		},
	);
	Object.assign(error.context, { outcomeUnknown: true, ...(options.context ?? {}) });
	return error;
}

/**
 * A request that got no answer in time. A read was already retried; a write was sent once and not
 * again, since the service may have done it: the error says so, and how to check.
 */
export function timeoutError(node: INode, service: string, call: SentCall, itemIndex: number): NodeApiError {
	const seconds = call.timeout !== undefined ? `${Math.round(call.timeout / 100) / 10} s` : 'the time allowed';
	if (!isIdempotent(call.method as IHttpRequestMethods)) {
		return unknownOutcomeError(node, service, call, `no answer to {call} within ${seconds}`, itemIndex);
	}
	return new NodeApiError(
		node,
		{ message: 'timeout', path: call.path } as JsonObject,
		{
			message: `${service}: no answer to ${call.method} ${call.path} within ${seconds}`,
			description: 'The service is slow or unreachable. Try again later, or set a longer Timeout under Request Options.',
			itemIndex,
		},
	);
}
