import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { PENDING } from '../shared/poll-state';
import { poll, pollNotice, pollTimeout } from '../shared/poll-trigger';
import { requestOptionsField } from '../shared/request-options';
import { hasMorePages } from './descriptions';
import { outcomeOf } from './orders';
import { exinOneRequest } from './transport';

/**
 * The logged-in user's convert orders as a polling trigger. ExinOne's "Convert" docs: the order list
 * (`GET /convert/order/lists`, token required) pages with `page` and `limit`, newest first, with a
 * `meta`; an order goes `trading` → `done`, and `refundStatus` then tells a settled conversion (`no`)
 * from a refund (`done`). Orders are placed in the list by `createdAt` (unix seconds), then `id`. The
 * docs state no order: a page whose first order was created before its last (by `createdAt` alone:
 * orders of one second may come in any order) fails the poll, which changes nothing.
 */

export class ExinOneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ExinOne Trigger',
		name: 'exinOneTrigger',
		icon: { light: 'file:exinone.svg', dark: 'file:exinone.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'When convert orders settle',
		description: 'Starts the workflow when ExinOne convert orders are done or refunded',
		defaults: { name: 'ExinOne Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mixinKeystoreApi', required: true }],
		properties: [
			pollNotice('orders'),
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Done', value: 'done', description: 'The order settled: orderStatus done, refundStatus no' },
					{ name: 'Refunded', value: 'refunded', description: 'The order was refunded: orderStatus done, refundStatus done' },
				],
				default: ['done', 'refunded'],
				description: 'Which outcomes start the workflow, one item per order as ExinOne returned it',
			},
			requestOptionsField,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const timeout = pollTimeout(this);
		return await poll(this, {
			service: 'ExinOne',
			records: 'convert orders',
			scope: 'convert-orders',
			sortedBy: 1,
			events: this.getNodeParameter('events', ['done', 'refunded']) as string[],
			page: async (page, limit) => {
				const answer = await exinOneRequest(this, { method: 'GET', path: '/convert/order/lists', qs: { page, limit }, timeout }, 0);
				const items = Array.isArray(answer.data) ? (answer.data as IDataObject[]) : [];
				return { items, hasMore: hasMorePages(answer, page) };
			},
			entry: (order) => {
				const outcome = outcomeOf(order);
				return {
					id: String(order.id ?? order.payTraceId),
					position: [Number(order.createdAt) || 0, Number(order.id) || 0],
					outcome: outcome === 'trading' ? PENDING : outcome,
					record: order,
				};
			},
		});
	}
}
