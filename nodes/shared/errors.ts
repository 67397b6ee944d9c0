import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * Errors of the credential code (a bad keystore, a refused login) as node errors of the item, with
 * their message and what-to-check description intact. Other errors pass through unchanged.
 */
export function asNodeError(fn: IExecuteFunctions, error: unknown, itemIndex: number): unknown {
	if (error instanceof Error && error.name === 'CredentialError') {
		const { description } = error as Error & { description?: string };
		return new NodeOperationError(fn.getNode(), error.message, { description, itemIndex });
	}
	return error;
}
