import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { EXINONE_BOT_ID } from '../../../credentials/exinone/constants';
import type { OperationContext, Resource } from '../../shared/operations';
import { optionalUuid, requiredText, requiredUuid, unixSeconds } from '../../shared/parameters';
import { amountField, assetUuidField, exinOneOperation, publicOptionsField } from '../descriptions';
import { convertMemo, convertMemoText } from '../memo';
import { followOrder, waitBounds } from '../orders';
import { requestIdField } from '../../shared/mixin/parameters';
import { payByTransfer } from '../trades';

/** Endpoints of ExinOne's "Convert" docs; Pay is on the draft "Fund pool" page. */

const payTraceIdField: INodeProperties = {
	displayName: 'Pay Trace ID',
	name: 'payTraceId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '5b1f6f6c-6a84-4c0e-9d2b-8a6f0f8e7c11',
	description: 'The trace ID (UUID) of the payment that placed the order: the Mixin transfer\'s trace_id',
};

const referralField: INodeProperties = {
	displayName: 'Referral ID',
	name: 'ref',
	type: 'string',
	default: '',
	placeholder: 'm.3740051',
	description: 'Optional referral ID to credit, added to the memo',
};

/** The memo of an item, built from its receive asset and referral: an unusable one is named. */
export function memoOf(context: OperationContext): { memo: string; text: string } {
	const receive = requiredUuid(context, 'receiveAssetUuid', 'Receive Asset UUID');
	const ref = context.param<string>('ref', '').trim();
	try {
		return { memo: convertMemo(receive, ref), text: convertMemoText(receive, ref) };
	} catch (error) {
		throw new NodeOperationError(context.fn.getNode(), `The Referral ID field is not usable: ${(error as Error).message}`, {
			itemIndex: context.itemIndex,
		});
	}
}

export const waitOptions: INodeProperties = {
	displayName: 'Options',
	name: 'waitOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Wait Until Settled',
			name: 'wait',
			type: 'boolean',
			default: false,
			description:
				'Whether to wait until the order is done or refunded. While waiting, "no order yet" (code 30004, before ExinOne has recorded the payment) and "trading" are not errors.',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 120,
			description: 'How long to wait at most; then the item fails, saying what it last saw',
		},
		{
			displayName: 'Check Every (Seconds)',
			name: 'interval',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 5,
			description: 'Time between two checks of the order while waiting',
		},
	],
};

async function getOrder(context: OperationContext): Promise<IDataObject> {
	const payTraceId = requiredUuid(context, 'payTraceId', 'Pay Trace ID');
	const wait = context.param<{ wait?: boolean }>('waitOptions', {}).wait === true;
	return await followOrder(context, payTraceId, waitBounds(context, wait));
}

export const convertResource: Resource = {
	value: 'convert',
	name: 'Convert',
	description: 'Quotes, convert memos, payments and orders',
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
					description: 'Whether to include the accepted range of the pay amount (`range`: min, max)',
				},
			],
			query: (c) => ({
				payAssetUuid: requiredUuid(c, 'payAssetUuid', 'Pay Asset UUID'),
				payAssetAmount: requiredText(c, 'payAssetAmount', 'Pay Amount'),
				receiveAssetUuid: requiredUuid(c, 'receiveAssetUuid', 'Receive Asset UUID'),
				withRange: c.param('withRange', false) ? 1 : 0,
			}),
		}),
		{
			value: 'buildMemo',
			name: 'Build Memo',
			action: 'Build a convert memo',
			description: `Build the memo of a Mixin transfer to the ExinOne bot (${EXINONE_BOT_ID}) that converts what it carries; sends nothing`,
			fields: [assetUuidField('receiveAssetUuid', 'Receive Asset UUID', true, 'Mixin asset ID of the asset you want back'), referralField],
			run: async (context) => {
				const { memo, text } = memoOf(context);
				return { memo, memoText: text, recipientId: EXINONE_BOT_ID };
			},
		},
		{
			value: 'getOrder',
			name: 'Get Order',
			action: 'Get a conversion order',
			description:
				'Get the order of a payment by its trace ID, or wait until it is done or refunded (public, no credential needed)',
			fields: [payTraceIdField, waitOptions, publicOptionsField],
			run: getOrder,
		},
		exinOneOperation({
			value: 'getOrders',
			name: 'Get Many Orders',
			action: 'Get many conversion orders',
			description: 'List the conversion orders of the logged-in user, newest first',
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
						{ displayName: 'Created After', name: 'dateStart', type: 'dateTime', default: '', description: 'Only orders created at or after this time (sent as unix seconds)' },
						{ displayName: 'Created Before', name: 'dateEnd', type: 'dateTime', default: '', description: 'Only orders created at or before this time (sent as unix seconds)' },
					],
				},
			],
			query: (c) => {
				const filters = c.param<{ dateStart?: unknown; dateEnd?: unknown }>('filters', {});
				return { dateStart: unixSeconds(c, filters.dateStart, 'Created After'), dateEnd: unixSeconds(c, filters.dateEnd, 'Created Before') };
			},
		}),
		exinOneOperation({
			value: 'pay',
			name: 'Pay',
			action: 'Convert from the trading account',
			description:
				'Convert an amount of one asset in your ExinOne trading account (fund pool) into another; follow it with Get Order and the trace ID',
			draft: true,
			method: 'POST',
			path: '/convert/pay',
			fields: [
				assetUuidField('payAssetUuid', 'Pay Asset UUID', true, 'Mixin asset ID of the asset you pay with'),
				amountField('payAssetAmount', 'Pay Amount', 'How much of the pay asset'),
				assetUuidField('receiveAssetUuid', 'Receive Asset UUID', true, 'Mixin asset ID of the asset you want'),
				referralField,
				{
					displayName: 'Trace ID',
					name: 'traceId',
					type: 'string',
					default: '',
					placeholder: '5b1f6f6c-6a84-4c0e-9d2b-8a6f0f8e7c11',
					description:
						'A new UUID for this payment, never used before; a payment with a trace ID already used is refused, so a re-run cannot pay twice. Map one from an earlier node to keep it across runs; empty: a new one, in the output.',
				},
			],
			body: (c) => ({
				payWallet: 'fundpool',
				payAssetUuid: requiredUuid(c, 'payAssetUuid', 'Pay Asset UUID'),
				payAssetAmount: requiredText(c, 'payAssetAmount', 'Pay Amount'),
				memo: memoOf(c).memo,
				traceId: optionalUuid(c, 'traceId', 'Trace ID') ?? randomUUID(),
			}),
			// ExinOne answers `data: []`: the trace ID sent is what follows the order.
			output: (_value, _context, sent) => ({ success: true, traceId: (sent.body as IDataObject).traceId as string }),
		}),
		{
			value: 'payByTransfer',
			name: 'Pay by Transfer',
			action: 'Convert by a Mixin transfer',
			description:
				'Quote, then send the pay asset to the ExinOne bot with the convert memo (Mixin API credential), and wait for the order: done or refunded',
			write: true,
			fields: [
				assetUuidField('payAssetUuid', 'Pay Asset UUID', true, 'Mixin asset ID of the asset you pay with'),
				amountField('payAssetAmount', 'Pay Amount', 'How much of the pay asset, at most 8 decimals'),
				assetUuidField('receiveAssetUuid', 'Receive Asset UUID', true, 'Mixin asset ID of the asset you want'),
				referralField,
				{ ...requestIdField, description: `${requestIdField.description} It becomes the order's pay trace ID.` },
				{
					displayName: 'Wait for Order',
					name: 'waitForOrder',
					type: 'boolean',
					default: true,
					description: 'Whether to wait until the order is done or refunded (bounded by the options below); a refund is an outcome, not an error',
				},
				{ ...waitOptions, displayOptions: { show: { waitForOrder: [true] } }, options: waitOptions.options?.filter((option) => option.name !== 'wait') },
				publicOptionsField,
			],
			run: async (context) => await payByTransfer(context, memoOf(context)),
		},
	],
};
