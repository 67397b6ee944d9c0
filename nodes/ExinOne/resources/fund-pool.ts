import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { EPC_ASSET_ID, EXINONE_BOT_ID } from '../../../credentials/exinone/constants';
import { derivedRequestId } from '../../../mixin-safe';
import { amountParameter, requestIdField, requestIdParameter } from '../../shared/mixin/parameters';
import type { Operation, OperationContext, Resource } from '../../shared/operations';
import { optionalUuid, requiredText, requiredUuid } from '../../shared/parameters';
import { amountField, applyTraceIdField, assetUuidField, exinOneOperation, walletField } from '../descriptions';
import { convertMemo, depositMemo, epcAuthenticationMemo } from '../memo';
import { epcAmountField, openPayer, payExinOne, payOnce, transferOutput } from '../transfers';
import type { ExinOneEnvelope } from '../transport';

/**
 * ExinOne's draft "Fund pool" docs: the trading account. Depositing is a Mixin transfer (made with the
 * Mixin API credential); reading is two GETs; withdrawing, repaying a loan or converting from it is
 * `POST /epc_authentication/transfer`, which answers a `followId` and does nothing until it is
 * confirmed by an EPC transfer to the ExinOne bot whose memo names that followId: made here too, or
 * left to the user with the memo in the output.
 */

const traceIdField: INodeProperties = {
	displayName: 'Trace ID',
	name: 'traceId',
	type: 'string',
	default: '',
	description:
		'A new UUID for the payout, never used before (ExinOne refuses one already used, so a re-run cannot pay twice); empty: a new one, in the output',
};

const payFields = [
	assetUuidField('payAssetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset to take from the trading account'),
	amountField('payAssetAmount', 'Amount', 'How much of it'),
];

/** The body every fund-pool transfer shares. */
function payBody(context: OperationContext, type: string): IDataObject {
	return {
		type,
		payWallet: 'fundpool',
		payAssetUuid: requiredUuid(context, 'payAssetUuid', 'Asset UUID'),
		payAssetAmount: requiredText(context, 'payAssetAmount', 'Amount'),
	};
}

/** The followId, and the EPC transfer that confirms it. */
function confirmation(value: unknown, sent: { body?: IDataObject | unknown[] }): IDataObject {
	const followId = String(((value as ExinOneEnvelope).data as IDataObject | undefined)?.followId ?? '');
	const traceId = (sent.body as IDataObject | undefined)?.traceId;
	return {
		followId,
		...(traceId ? { traceId } : {}),
		confirm: { recipientId: EXINONE_BOT_ID, assetId: EPC_ASSET_ID, amount: 'any amount of EPC', memo: epcAuthenticationMemo(followId) },
	};
}

const confirmFields: INodeProperties[] = [
	{
		displayName: 'Confirm with EPC',
		name: 'confirmWithEpc',
		type: 'boolean',
		default: true,
		description:
			'Whether to confirm it at once with the EPC transfer ExinOne asks for (needs the Mixin API credential). Off: the output carries the memo to confirm it with by hand.',
	},
	{ ...epcAmountField, displayOptions: { show: { confirmWithEpc: [true] } } },
];

/**
 * The EPC transfer that confirms a followId. Its request ID is derived from the followId, so that
 * confirming again (a re-run, a retry) never pays twice. A failure says the followId was issued, so the
 * user confirms it instead of starting a second transfer.
 */
async function confirmWithEpc(context: OperationContext, followId: string): Promise<IDataObject> {
	const memo = epcAuthenticationMemo(followId);
	const payment = { requestId: derivedRequestId([followId, 'EX#EPC_AUTH_TRANS']), assetId: EPC_ASSET_ID, amount: amountParameter(context, 'epcAmount', 'EPC Amount'), memo };
	try {
		const client = await openPayer(context, payment);
		return transferOutput(payment, await payExinOne(client, payment));
	} catch (error) {
		const { message, description } = error as Error & { description?: string };
		throw new NodeOperationError(context.fn.getNode(), `ExinOne issued followId ${followId}, but its EPC confirmation failed: ${message}`, {
			description: `${description ? `${description} ` : ''}Do not start another transfer: confirm this one by sending EPC to the ExinOne bot (${EXINONE_BOT_ID}) with memo ${memo}, or run this again with Confirm with EPC off and confirm by hand. A confirmation sent again for this followId is never paid twice.`,
			itemIndex: context.itemIndex,
		});
	}
}

function fundPoolTransfer(spec: { value: string; name: string; action: string; description: string; fields: INodeProperties[]; body: (c: OperationContext) => IDataObject }): Operation {
	const operation = exinOneOperation({
		...spec,
		description: `${spec.description}, then confirm it with an EPC transfer`,
		draft: true,
		method: 'POST',
		path: '/epc_authentication/transfer',
		fields: [...spec.fields, ...confirmFields],
		output: (value, _context, sent) => confirmation(value, sent),
	});
	const started = operation.run;
	operation.run = async (context) => {
		const result = (await started(context)) as IDataObject;
		if (!context.param<boolean>('confirmWithEpc', true)) return result;
		return { ...result, confirmation: await confirmWithEpc(context, String(result.followId)) };
	};
	return operation;
}

export const fundPoolResource: Resource = {
	value: 'fundPool',
	name: 'Fund Pool',
	description: 'Your ExinOne trading account. Draft API: may not be available.',
	operations: [
		exinOneOperation({
			value: 'getAll',
			name: 'Get Many',
			action: 'Get the trading account balances',
			description: 'Get the balance of every asset of your trading account, and the totals',
			draft: true,
			method: 'GET',
			path: '/fund_pool',
		}),
		exinOneOperation({
			value: 'getAsset',
			name: 'Get Asset',
			action: 'Get a trading account asset',
			description: 'Get the balance of one asset of your trading account',
			draft: true,
			method: 'GET',
			path: '/fund_pool/asset',
			fields: [assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID')],
			query: (c) => ({ assetUuid: requiredUuid(c, 'assetUuid', 'Asset UUID') }),
		}),
		{
			value: 'deposit',
			name: 'Deposit',
			action: 'Deposit into the trading account',
			description: 'Send an asset to the ExinOne bot with the deposit memo (Mixin API credential): it credits your trading account',
			write: true,
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset to deposit'),
				amountField('amount', 'Amount', 'How much of it, at most 8 decimals'),
				requestIdField,
			],
			run: async (context) =>
				await payOnce(context, {
					...requestIdParameter(context),
					assetId: requiredUuid(context, 'assetUuid', 'Asset UUID'),
					amount: amountParameter(context, 'amount', 'Amount'),
					memo: depositMemo(),
				}),
		},
		fundPoolTransfer({
			value: 'withdraw',
			name: 'Withdraw',
			action: 'Withdraw from the trading account',
			description: 'Withdraw an asset from the trading account to your Mixin wallet',
			fields: [...payFields, traceIdField],
			body: (c) => ({ ...payBody(c, 'withdraw'), receiveWallet: 'mixin', traceId: optionalUuid(c, 'traceId', 'Trace ID') ?? randomUUID() }),
		}),
		fundPoolTransfer({
			value: 'repayLoan',
			name: 'Repay Loan',
			action: 'Repay a loan from the trading account',
			description: 'Repay a loan with an asset of the trading account',
			fields: [
				...payFields,
				applyTraceIdField,
			],
			body: (c) => ({ ...payBody(c, 'loan_repayment'), applyTraceId: requiredUuid(c, 'applyTraceId', 'Apply Trace ID') }),
		}),
		fundPoolTransfer({
			value: 'convert',
			name: 'Convert',
			action: 'Convert from the trading account',
			description: 'Convert an asset of the trading account into another, received in your Mixin wallet or the trading account',
			fields: [
				...payFields,
				assetUuidField('receiveAssetUuid', 'Receive Asset UUID', true, 'Mixin asset ID of the asset you want'),
				walletField('receiveWallet', 'Receive In', 'Where the converted asset is paid'),
				traceIdField,
			],
			body: (c) => ({
				...payBody(c, 'convert'),
				receiveWallet: c.param('receiveWallet', 'mixin'),
				memo: convertMemo(requiredUuid(c, 'receiveAssetUuid', 'Receive Asset UUID')),
				traceId: optionalUuid(c, 'traceId', 'Trace ID') ?? randomUUID(),
			}),
		}),
	],
};
