import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { EXINONE_BOT_ID } from '../../credentials/exinone/constants';
import { formatAmount } from '../../mixin-safe';
import type { OperationContext } from '../shared/operations';
import { requestTimeout } from '../shared/request-options';
import { MixinClient } from '../shared/mixin/api';
import { checkPolicy, lookupRequest, sendTransfer, type TransferOutcome } from '../shared/mixin/transfer';
import { memoExtra } from './memo';

/**
 * Paying ExinOne: a Mixin transfer to the ExinOne bot with an ExinOne memo, made with the Mixin API
 * credential (the node's second credential, asked for only by these operations: reading ExinOne never
 * needs spending power). The rules of the Mixin node hold: the request ID is the payment's identity,
 * the credential's policy applies, nothing is paid twice.
 */

/** The smallest amount Mixin moves: what an EPC transfer that only carries a memo sends by default. */
export const SMALLEST_AMOUNT = '0.00000001';

export const MIXIN_CREDENTIAL_NOTE = 'Paid by a Mixin transfer with the Mixin API credential';

export interface ExinOnePayment {
	requestId: string;
	assetId: string;
	/** Units of 10^-8. */
	amount: bigint;
	/** The base64 memo, as memo.ts builds it. */
	memo: string;
}

/** The Mixin API client of the item, and the policy checked before anything else is asked. */
export async function openPayer(context: OperationContext, payment: Pick<ExinOnePayment, 'assetId' | 'amount'>): Promise<MixinClient> {
	const client = await MixinClient.open(context.fn, context.itemIndex, requestTimeout(context));
	checkPolicy(client, { assetId: payment.assetId, payees: [{ recipientId: EXINONE_BOT_ID, amount: payment.amount }] });
	return client;
}

/** Sends the payment to the ExinOne bot once (see `sendTransfer`). */
export async function payExinOne(
	client: MixinClient,
	payment: ExinOnePayment,
	lookedUp?: { request: IDataObject | undefined },
): Promise<TransferOutcome> {
	return await sendTransfer(
		client,
		{ requestId: payment.requestId, assetId: payment.assetId, payees: [{ recipientId: EXINONE_BOT_ID, amount: payment.amount }], extra: memoExtra(payment.memo) },
		lookedUp,
	);
}

/** Opens the payer and pays: for the operations that are one transfer and nothing else. */
export async function payOnce(context: OperationContext, payment: ExinOnePayment): Promise<IDataObject> {
	const client = await openPayer(context, payment);
	return transferOutput(payment, await payExinOne(client, payment));
}

/** Whether the request ID was paid before (and the lookup, to pass on to `payExinOne`). */
export async function lookUp(client: MixinClient, requestId: string): Promise<{ request: IDataObject | undefined }> {
	return { request: await lookupRequest(client, requestId) };
}

/** What every transfer operation outputs. */
export function transferOutput(payment: ExinOnePayment, outcome: TransferOutcome): IDataObject {
	return {
		requestId: payment.requestId,
		transactionHash: outcome.transactionHash,
		state: outcome.state,
		recipientId: EXINONE_BOT_ID,
		assetUuid: payment.assetId,
		amount: formatAmount(payment.amount),
		memo: payment.memo,
		...(outcome.alreadySent ? { alreadySent: true } : {}),
	};
}

/** The EPC amount of a transfer that only carries a memo (confirmations, loan applications, referrals). */
export const epcAmountField: INodeProperties = {
	displayName: 'EPC Amount',
	name: 'epcAmount',
	type: 'string',
	default: SMALLEST_AMOUNT,
	description: 'How much EPC the transfer carries; ExinOne only reads its memo, so the smallest amount is enough',
};

/** Compares two decimal strings of any precision (ExinOne's ranges may have more decimals than Mixin's 8). */
export function compareDecimal(a: string, b: string): number {
	const [ai, af = ''] = a.trim().split('.');
	const [bi, bf = ''] = b.trim().split('.');
	const places = Math.max(af.length, bf.length);
	const x = BigInt(ai + af.padEnd(places, '0'));
	const y = BigInt(bi + bf.padEnd(places, '0'));
	return x < y ? -1 : x > y ? 1 : 0;
}
