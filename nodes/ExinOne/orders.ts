import { NodeApiError, NodeOperationError, sleep, type IDataObject } from 'n8n-workflow';

import type { OperationContext } from '../shared/operations';
import { requestTimeout } from '../shared/request-options';
import { publicBaseUrl } from './descriptions';
import { exinOneRequest } from './transport';

/**
 * A convert order's life, as ExinOne's "Convert" docs describe it: the payment's trace id becomes the
 * order's `payTraceId`; `/convert/order/detail` answers code 30004 ("invalid pay trace id") until the
 * order is recorded, then `orderStatus` goes `trading` → `done`, and `refundStatus` tells a settled
 * conversion (`no`) from a refund (`done`).
 */

export type OrderOutcome = 'trading' | 'done' | 'refunded';

export function outcomeOf(order: IDataObject): OrderOutcome {
	if (order.orderStatus !== 'done') return 'trading';
	return order.refundStatus === 'done' ? 'refunded' : 'done';
}

/** ExinOne's code for a payTraceId it has no order for (yet). */
export const UNKNOWN_PAY_TRACE_ID = '30004';

export interface FollowOptions {
	/** The API base for this public call (the credential's, or ExinOne's default). */
	baseUrl?: string;
	maxWaitMs: number;
	intervalMs: number;
	timeout: number;
}

/**
 * The order of a payment as it is now (`maxWaitMs` 0), or waited for until it is settled (done or
 * refunded) within `maxWaitMs`: "no order yet" (30004) and `trading` are not errors while waiting.
 * Bounded: at most `maxWaitMs / intervalMs + 1` requests.
 */
export async function followOrder(context: OperationContext, payTraceId: string, options: FollowOptions): Promise<IDataObject> {
	const attempts = Math.floor(options.maxWaitMs / options.intervalMs) + 1;
	let last: IDataObject | undefined;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		if (attempt > 1) await sleep(options.intervalMs);
		const result = await exinOneRequest(
			context.fn,
			{ method: 'GET', path: '/convert/order/detail', qs: { payTraceId }, public: true, baseUrl: options.baseUrl, timeout: options.timeout },
			context.itemIndex,
		).then(
			(answer) => ({ order: (answer.data ?? {}) as IDataObject }),
			(error: unknown) => ({ error }),
		);
		const waiting = options.maxWaitMs > 0;
		if ('error' in result) {
			const notYet = result.error instanceof NodeApiError && String((result.error.errorResponse as IDataObject | undefined)?.code) === UNKNOWN_PAY_TRACE_ID;
			if (!waiting || !notYet) throw result.error;
			continue;
		}
		last = result.order;
		if (!waiting || outcomeOf(last) !== 'trading') return last;
	}
	const seen = last ? `it is still ${String(last.orderStatus ?? 'trading')}` : 'ExinOne has no order for it yet';
	throw new NodeOperationError(context.fn.getNode(), `The order of pay trace ID ${payTraceId} did not settle within ${options.maxWaitMs / 1000} s: ${seen}`, {
		description: 'Run Get Order again later, or raise Max Wait. An order that never appears may mean the transfer\'s memo or recipient was wrong.',
		itemIndex: context.itemIndex,
	});
}

/** The wait bounds of an item: Get Order's options, or none when it does not wait. */
export function waitBounds(context: OperationContext, wait: boolean): FollowOptions {
	const options = context.param<{ maxWait?: number; interval?: number }>('waitOptions', {});
	return {
		baseUrl: publicBaseUrl(context),
		maxWaitMs: wait ? (options.maxWait ?? 120) * 1000 : 0,
		intervalMs: (options.interval ?? 5) * 1000,
		timeout: requestTimeout(context),
	};
}
