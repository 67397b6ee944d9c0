import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { formatAmount } from '../../mixin-safe';
import type { OperationContext } from '../shared/operations';
import { requiredUuid } from '../shared/parameters';
import { amountParameter, requestIdParameter } from '../shared/mixin/parameters';
import { isPaid } from '../shared/mixin/transfer';
import { followOrder, outcomeOf, waitBounds } from './orders';
import { compareDecimal, lookUp, openPayer, payExinOne, transferOutput, type ExinOnePayment } from './transfers';
import { exinOneRequest } from './transport';

/**
 * Convert → Pay by Transfer, as ExinOne's "Convert" docs describe a conversion: quote it (is the pair
 * tradable now, is the amount within the accepted range), send the pay asset to the ExinOne bot with
 * the convert memo, then follow the order its trace ID becomes, until done or refunded.
 */

interface Quote extends IDataObject {
	calcSum?: string;
	calcPrice?: string;
	fee?: string;
	isTradeAvailable?: boolean;
	range?: { min?: string; max?: string };
}

/** The quote, or an error that says why this conversion is not made now; nothing is sent either way. */
async function quote(context: OperationContext, payAssetUuid: string, amount: string, receiveAssetUuid: string, baseUrl?: string): Promise<Quote> {
	const answer = await exinOneRequest(
		context.fn,
		{ method: 'GET', path: '/convert/estimate/amount', qs: { payAssetUuid, payAssetAmount: amount, receiveAssetUuid, withRange: 1 }, public: true, baseUrl, timeout: waitBounds(context, false).timeout },
		context.itemIndex,
	);
	const estimate = (answer.data ?? {}) as Quote;
	const refuse = (message: string) =>
		new NodeOperationError(context.fn.getNode(), `${message} Nothing was sent.`, {
			description: 'Check the assets and the amount with Convert → Estimate Amount (With Range on) before paying.',
			itemIndex: context.itemIndex,
		});
	if (estimate.isTradeAvailable === false) throw refuse(`ExinOne cannot convert ${payAssetUuid} into ${receiveAssetUuid} now (the quote says the pair is not tradable).`);
	const { min, max } = estimate.range ?? {};
	const below = typeof min === 'string' && min !== '' && compareDecimal(amount, min) < 0;
	const above = typeof max === 'string' && max !== '' && compareDecimal(amount, max) > 0;
	if (below || above) throw refuse(`Pay Amount ${amount} is outside the range ExinOne accepts for this pair now (${min ?? '0'} to ${max ?? 'no limit'}).`);
	return estimate;
}

export async function payByTransfer(context: OperationContext, memo: { memo: string; text: string }): Promise<IDataObject> {
	const payAssetUuid = requiredUuid(context, 'payAssetUuid', 'Pay Asset UUID');
	const receiveAssetUuid = requiredUuid(context, 'receiveAssetUuid', 'Receive Asset UUID');
	const amount = amountParameter(context, 'payAssetAmount', 'Pay Amount');
	const payment: ExinOnePayment = { ...requestIdParameter(context), assetId: payAssetUuid, amount, memo: memo.memo };
	const bounds = waitBounds(context, context.param<boolean>('waitForOrder', true));
	const client = await openPayer(context, payment);
	const lookedUp = await lookUp(client, payment.requestId);
	// A payment already made is followed, not quoted again: the quote may have moved since.
	const estimate = isPaid(lookedUp.request) ? undefined : await quote(context, payAssetUuid, formatAmount(amount), receiveAssetUuid, bounds.baseUrl);
	const outcome = await payExinOne(client, payment, lookedUp);
	const output: IDataObject = {
		...transferOutput(payment, outcome),
		payTraceId: payment.requestId,
		receiveAssetUuid,
		memoText: memo.text,
		...(estimate ? { quote: estimate } : {}),
	};
	if (bounds.maxWaitMs === 0) return output;
	const order = await followOrder(context, payment.requestId, bounds).catch((error: Error & { description?: string }) => {
		// Paid, not yet settled: say so, so that nobody pays again to "retry".
		throw new NodeOperationError(context.fn.getNode(), `Paid (request ID ${payment.requestId}), but ${error.message.replace(/^The order/, 'the order')}`, {
			description: `The transfer was sent: do not pay again. Follow the order with Convert → Get Order and Pay Trace ID ${payment.requestId}; running this again with the same Request ID pays nothing more.`,
			itemIndex: context.itemIndex,
		});
	});
	return { ...output, outcome: outcomeOf(order), order };
}
