import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import type { FullResponse } from '../../credentials/common/http-response';
import { retryAfterMs } from './retry';

/** What a service said when it refused a call: its own message and code, and any field details. */
export interface ServiceError {
	message: string;
	code?: string | number;
	details?: IDataObject;
}

/**
 * Errors of the credential code (a bad keystore, a refused login) as node errors of the item, with
 * their message and what-to-check description intact. Other errors pass through unchanged.
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number): unknown {
	if (error instanceof Error && error.name === 'CredentialError') {
		const { description } = error as Error & { description?: string };
		return new NodeOperationError(node, error.message, { description, itemIndex });
	}
	return error;
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
