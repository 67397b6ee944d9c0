import { NodeOperationError, type INodeProperties } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { AmountError, parseAmount, requestIdOf } from '../../../mixin-safe';
import type { OperationContext } from '../operations';
import { requiredText } from '../parameters';

/** The parameters every node that pays by Mixin transfer shares: the payment's identity and its amount. */

export const requestIdField: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	default: '',
	placeholder: '={{ $json.invoiceId }}',
	description:
		"The payment's identity, kept from the first attempt to the last: Mixin's idempotency key and the trace ID the recipient sees. A UUID is used as it is; any other text (an invoice number) becomes a UUID derived from it. Run again with the same Request ID, nothing more is paid. Empty: a new random one per item, in the output (a re-run then pays again).",
};

export function fieldError(context: OperationContext, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.fn.getNode(), message, { description, itemIndex: context.itemIndex });
}

/** An amount parameter as units of 10^-8; anything but a positive decimal with ≤ 8 decimals is named. */
export function amountParameter(context: OperationContext, name: string, label: string): bigint {
	const text = requiredText(context, name, label);
	try {
		return parseAmount(text);
	} catch (error) {
		const reason = error instanceof AmountError ? error.reason : 'format';
		const why = {
			format: 'is not a decimal number',
			precision: 'has more than 8 decimals (Mixin amounts have 8; nothing is rounded)',
			zero: 'is zero',
			negative: 'is negative',
		}[reason];
		throw fieldError(context, `The ${label} field ${why}: ${text}`, `${label} takes a positive decimal string such as 0.01. Nothing was sent.`);
	}
}

/** The Request ID of an item: as given, derived from text, or new when empty. */
export function requestIdParameter(context: OperationContext, name = 'requestId'): { requestId: string; generated: boolean } {
	const text = String(context.param<unknown>(name, '') ?? '').trim();
	return text === '' ? { requestId: randomUUID(), generated: true } : { requestId: requestIdOf(text), generated: false };
}

