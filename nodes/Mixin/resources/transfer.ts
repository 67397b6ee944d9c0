import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { derivedRequestId, formatAmount, requestIdOf } from '../../../mixin-safe';
import { asNodeError } from '../../shared/errors';
import type { OperationContext, Resource } from '../../shared/operations';
import { requiredText, requiredUuid } from '../../shared/parameters';
import { requestTimeout } from '../../shared/request-options';
import { MixinClient } from '../../shared/mixin/api';
import { amountParameter, fieldError, requestIdField, requestIdParameter } from '../../shared/mixin/parameters';
import { lookupRequest, sendTransfer, type TransferOutcome } from '../../shared/mixin/transfer';

/** Safe transfers: one per item (Send), or all items in one transaction per asset (Send Many). */

/** Outputs of one transaction besides the bot's change (Mixin's kernel allows 256 in all). */
export const MAX_RECIPIENTS_PER_TRANSACTION = 255;
/** Mixin's kernel limit on a transaction's extra, which carries the memo. */
export const MAX_MEMO_BYTES = 256;

const paymentFields: INodeProperties[] = [
	{ displayName: 'Recipient ID', name: 'recipientId', type: 'string', required: true, default: '', placeholder: '61103d28-3ac2-44a2-ae34-bd956070dab1', description: 'Mixin user ID (UUID) of the recipient' },
	{ displayName: 'Asset ID', name: 'assetId', type: 'string', required: true, default: '', placeholder: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', description: 'Mixin asset ID (UUID) of what to send' },
	{ displayName: 'Amount', name: 'amount', type: 'string', required: true, default: '', placeholder: '0.01', description: 'How much, as a decimal string with at most 8 decimals (never rounded)' },
	{ displayName: 'Memo', name: 'memo', type: 'string', default: '', description: "Text the recipient sees: its UTF-8 bytes go into the transaction's extra, at most 256 bytes" },
	requestIdField,
];

export interface Payment {
	requestId: string;
	/** The Request ID field was empty: this one was made up for this run. */
	generated: boolean;
	recipientId: string;
	assetId: string;
	amount: bigint;
	memo: string;
}

/** The memo's bytes, refused beyond Mixin's limit. */
export function memoBytes(context: OperationContext, memo: string): Buffer {
	const bytes = Buffer.from(memo, 'utf8');
	if (bytes.length > MAX_MEMO_BYTES) {
		throw fieldError(context, `The Memo field is ${bytes.length} bytes long; Mixin allows ${MAX_MEMO_BYTES}`, 'Shorten the memo. Nothing was sent.');
	}
	return bytes;
}

function readPayment(context: OperationContext): Payment {
	const recipientId = requiredUuid(context, 'recipientId', 'Recipient ID');
	const assetId = requiredUuid(context, 'assetId', 'Asset ID');
	const amount = amountParameter(context, 'amount', 'Amount');
	const memo = String(context.param<unknown>('memo', '') ?? '');
	memoBytes(context, memo);
	return { ...requestIdParameter(context), recipientId, assetId, amount, memo };
}

/** The output of one payment. */
export function paymentOutput(payment: Payment, outcome: TransferOutcome, transactionRequestId?: string): IDataObject {
	return {
		requestId: payment.requestId,
		...(transactionRequestId && transactionRequestId !== payment.requestId ? { transactionRequestId } : {}),
		transactionHash: outcome.transactionHash,
		state: outcome.state,
		assetId: payment.assetId,
		amount: formatAmount(payment.amount),
		recipientId: payment.recipientId,
		memo: payment.memo,
		...(outcome.alreadySent ? { alreadySent: true } : {}),
	};
}

async function send(context: OperationContext): Promise<IDataObject> {
	const payment = readPayment(context);
	const client = await MixinClient.open(context.fn, context.itemIndex, requestTimeout(context));
	const outcome = await sendTransfer(client, {
		requestId: payment.requestId,
		assetId: payment.assetId,
		payees: [{ recipientId: payment.recipientId, amount: payment.amount }],
		extra: Buffer.from(payment.memo, 'utf8'),
	});
	return paymentOutput(payment, outcome);
}

async function get(context: OperationContext): Promise<IDataObject> {
	const text = requiredText(context, 'requestId', 'Request ID');
	const requestId = requestIdOf(text);
	const client = await MixinClient.open(context.fn, context.itemIndex, requestTimeout(context));
	const request = await lookupRequest(client, requestId);
	if (!request) {
		throw new NodeOperationError(context.fn.getNode(), `Mixin has no transaction with Request ID ${requestId}`, {
			description: 'Nothing was paid with it (or not yet requested). A UUID is looked up as it is; other text as the UUID derived from it, as Send does.',
			itemIndex: context.itemIndex,
		});
	}
	return {
		requestId,
		transactionHash: request.transaction_hash,
		state: request.state,
		assetId: request.asset_id ?? request.asset,
		amount: request.amount,
		...(request.receivers !== undefined ? { receivers: request.receivers } : {}),
		...(request.extra ? { memo: Buffer.from(String(request.extra), 'hex').toString('utf8') } : {}),
		...(request.snapshot_id ? { snapshotId: request.snapshot_id } : {}),
		createdAt: request.created_at,
	} as IDataObject;
}

export const transferResource: Resource = {
	value: 'transfer',
	name: 'Transfer',
	description: 'Safe transfers from the bot',
	operations: [
		{
			value: 'send',
			name: 'Send',
			action: 'Send a transfer',
			description: 'Send an asset to a Mixin user: one transaction per item, never paid twice for one Request ID',
			write: true,
			fields: paymentFields,
			run: send,
		},
		{
			value: 'sendMany',
			name: 'Send Many',
			action: 'Send many transfers in one transaction',
			description: `Pay every input item in one transaction per asset and memo (up to ${MAX_RECIPIENTS_PER_TRANSACTION} recipients each), all or nothing per transaction`,
			write: true,
			fields: paymentFields,
			// Runs over all items at once: see sendMany below.
			run: async () => ({}),
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a transfer',
			description: 'The state, hash and amounts of the transaction of a Request ID',
			fields: [{ ...requestIdField, required: true, description: 'The Request ID the transfer was sent with (a UUID, or the text it was derived from)' }],
			run: get,
		},
	],
};

/** One transaction of Send Many: the items it pays. */
interface Batch {
	assetId: string;
	memo: string;
	items: Array<{ itemIndex: number; payment: Payment }>;
}

function contextOf(fn: IExecuteFunctions, itemIndex: number): OperationContext {
	return {
		fn,
		itemIndex,
		param: <T>(name: string, fallback?: T) => (fallback === undefined ? fn.getNodeParameter(name, itemIndex) : fn.getNodeParameter(name, itemIndex, fallback as never)) as T,
	};
}

/**
 * Send Many: the items grouped by asset and memo into transactions of at most 255 recipients, each
 * with a request ID derived from its items' request IDs, so that a re-run with the same items pays
 * nothing more. An item whose parameters are wrong fails alone, before anything is sent.
 */
export async function sendMany(fn: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = fn.getInputData();
	const results: Array<INodeExecutionData | undefined> = new Array(items.length);
	const sent: string[] = [];
	const fail = (itemIndex: number, error: unknown) => {
		const failure = asNodeError(fn.getNode(), error, itemIndex);
		if (!fn.continueOnFail()) {
			if (sent.length > 0) {
				const note = `Transactions already sent by this run (request IDs ${sent.join(', ')}): running again with the same items pays nothing more for them.`;
				failure.description = failure.description ? `${failure.description} ${note}` : note;
			}
			throw failure;
		}
		results[itemIndex] = { json: { error: failure.message, ...(failure.description ? { description: failure.description } : {}) }, pairedItem: { item: itemIndex } };
	};
	const batches: Batch[] = [];
	const seen = new Set<string>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const context = contextOf(fn, itemIndex);
			const payment = readPayment(context);
			if (seen.has(payment.requestId)) {
				throw fieldError(context, `Request ID ${payment.requestId} is used by an earlier item`, 'Each payment needs its own Request ID: two items with one would be one payment. Nothing was sent.');
			}
			seen.add(payment.requestId);
			let batch = batches.find((b) => b.assetId === payment.assetId && b.memo === payment.memo && b.items.length < MAX_RECIPIENTS_PER_TRANSACTION);
			if (!batch) batches.push((batch = { assetId: payment.assetId, memo: payment.memo, items: [] }));
			batch.items.push({ itemIndex, payment });
		} catch (error) {
			fail(itemIndex, error);
		}
	}
	for (const batch of batches) {
		const first = batch.items[0].itemIndex;
		const requestId = derivedRequestId(batch.items.map(({ payment }) => payment.requestId));
		try {
			const client = await MixinClient.open(fn, first, requestTimeout(contextOf(fn, first)));
			const outcome = await sendTransfer(client, {
				requestId,
				assetId: batch.assetId,
				payees: batch.items.map(({ payment }) => ({ recipientId: payment.recipientId, amount: payment.amount })),
				extra: Buffer.from(batch.memo, 'utf8'),
			});
			sent.push(requestId);
			for (const { itemIndex, payment } of batch.items) {
				results[itemIndex] = { json: paymentOutput(payment, outcome, requestId), pairedItem: { item: itemIndex } };
			}
		} catch (error) {
			for (const { itemIndex } of batch.items) fail(itemIndex, error);
		}
	}
	return results.filter((result): result is INodeExecutionData => result !== undefined);
}
