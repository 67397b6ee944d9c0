import type { INodeProperties } from 'n8n-workflow';

import type { Resource } from '../../shared/operations';
import { amountField, assetUuidField, exinOneOperation } from '../descriptions';

/** n8n date-time values as the YYYY-MM-DD dates ExinOne's order list filters on. */
function day(value: unknown): string {
	return typeof value === 'string' && value !== '' ? value.slice(0, 10) : '';
}

const payTraceId: INodeProperties = {
	displayName: 'Pay Trace ID',
	name: 'payTraceId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5b1f6f6c-6a84-4c0e-9d2b-8a6f0f8e7c11',
	description: 'The trace ID (UUID) of the payment that placed the order',
};

export const convertResource: Resource = {
	value: 'convert',
	name: 'Convert',
	description: 'Swap quotes and orders',
	operations: [
		exinOneOperation({
			value: 'getAssets',
			name: 'Get Assets',
			action: 'Get convertible assets',
			description: 'List the assets ExinOne can convert (public, no credential needed)',
			method: 'GET',
			path: '/convert/assets',
			public: true,
		}),
		exinOneOperation({
			value: 'estimate',
			name: 'Estimate Amount',
			action: 'Estimate a conversion',
			description: 'Quote how much of one asset a payment in another buys (public, no credential needed)',
			method: 'GET',
			path: '/convert/estimate/amount',
			public: true,
			fields: [
				assetUuidField('payAssetUuid', 'Pay Asset UUID', true, 'Mixin asset ID of the asset you pay with'),
				amountField('payAssetAmount', 'Pay Amount', 'How much of the pay asset'),
				assetUuidField('receiveAssetUuid', 'Receive Asset UUID', true, 'Mixin asset ID of the asset you want'),
				{
					displayName: 'With Range',
					name: 'withRange',
					type: 'boolean',
					default: false,
					description: 'Whether to include the range of the estimate',
				},
			],
			query: (c) => ({
				payAssetUuid: c.param('payAssetUuid'),
				payAssetAmount: c.param('payAssetAmount'),
				receiveAssetUuid: c.param('receiveAssetUuid'),
				withRange: c.param('withRange', false) ? 1 : 0,
			}),
		}),
		exinOneOperation({
			value: 'getOrder',
			name: 'Get Order',
			action: 'Get a conversion order',
			description: 'Get one order by the trace ID of its payment (public, no credential needed)',
			method: 'GET',
			path: '/convert/order/detail',
			public: true,
			fields: [payTraceId],
			query: (c) => ({ payTraceId: c.param('payTraceId') }),
		}),
		exinOneOperation({
			value: 'getOrders',
			name: 'Get Many Orders',
			action: 'Get many conversion orders',
			description: 'List the conversion orders of the logged-in user',
			method: 'GET',
			path: '/convert/order/lists',
			paged: { noun: 'orders' },
			fields: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{ displayName: 'Date Start', name: 'dateStart', type: 'dateTime', default: '', description: 'First day of orders to list (the day is used, not the time)' },
						{ displayName: 'Date End', name: 'dateEnd', type: 'dateTime', default: '', description: 'Last day of orders to list (the day is used, not the time)' },
					],
				},
			],
			query: (c) => {
				const filters = c.param<{ dateStart?: string; dateEnd?: string }>('filters', {});
				return { dateStart: day(filters.dateStart), dateEnd: day(filters.dateEnd) };
			},
		}),
		exinOneOperation({
			value: 'pay',
			name: 'Pay',
			action: 'Pay for a conversion',
			description: 'Convert from the EPC wallet: pay an amount of one asset for another',
			draft: true,
			method: 'POST',
			path: '/convert/pay',
			fields: [
				assetUuidField('payAssetUuid', 'Pay Asset UUID', true, 'Mixin asset ID of the asset you pay with'),
				amountField('payAssetAmount', 'Pay Amount', 'How much of the pay asset'),
				assetUuidField('receiveAssetUuid', 'Receive Asset UUID', true, 'Mixin asset ID of the asset you want'),
				{
					...payTraceId,
					description:
						'A new UUID for this payment; sending the same one again cannot pay twice. Use {{ $uuid }} or a UUID from an earlier node.',
				},
			],
			body: (c) => ({
				payAssetUuid: c.param('payAssetUuid'),
				payAssetAmount: c.param('payAssetAmount'),
				receiveAssetUuid: c.param('receiveAssetUuid'),
				payTraceId: c.param('payTraceId'),
			}),
		}),
	],
};
