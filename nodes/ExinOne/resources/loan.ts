import { NodeOperationError } from 'n8n-workflow';

import { EPC_ASSET_ID } from '../../../credentials/exinone/constants';
import { formatAmount } from '../../../mixin-safe';
import { amountParameter, requestIdField, requestIdParameter } from '../../shared/mixin/parameters';
import type { OperationContext, Resource } from '../../shared/operations';
import { dayStartSeconds, requiredUuid } from '../../shared/parameters';
import { amountField, applyTraceIdField, assetUuidField, exinOneOperation, walletField } from '../descriptions';
import { loanApplicationMemo, loanRepaymentMemo } from '../memo';
import { epcAmountField, payOnce } from '../transfers';

/** The loan term in days: a whole number of at least 1. */
function days(context: OperationContext): number {
	const value = Number(context.param<unknown>('days', 0));
	if (!Number.isInteger(value) || value < 1) {
		throw new NodeOperationError(context.fn.getNode(), 'The Days field is not a whole number of at least 1', { itemIndex: context.itemIndex });
	}
	return value;
}

/**
 * ExinOne's draft "Loan" docs (the Chinese page is the complete one). Applying for and repaying a loan
 * are Mixin transfers with a memo, not API calls (Apply and Repay make them with the Mixin API
 * credential); the rest read loans, by the trace ID of the applying transfer (`applyTraceId`) or of a
 * repaying one (`repaymentTraceId`).
 */
export const loanResource: Resource = {
	value: 'loan',
	name: 'Loan',
	description: 'Draft API: may not be available',
	operations: [
		exinOneOperation({ value: 'getOverview', name: 'Get Overview', action: 'Get the loan overview', description: 'Get what you can borrow and owe in all', draft: true, method: 'GET', path: '/loan' }),
		exinOneOperation({
			value: 'getAvailable',
			name: 'Get Available',
			action: 'Get what can be borrowed of an asset',
			description: 'Get how much of one asset can be borrowed, and at what rates',
			draft: true,
			method: 'GET',
			path: '/loan/available',
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset to borrow'),
				walletField('wallet', 'Pay Out To', 'Where the loan would be paid out'),
			],
			query: (c) => ({ assetUuid: requiredUuid(c, 'assetUuid', 'Asset UUID'), wallet: c.param('wallet', 'mixin') }),
		}),
		exinOneOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a loan',
			description: 'Get one loan by the trace ID of its application transfer',
			draft: true,
			method: 'GET',
			path: '/loan/detail',
			fields: [applyTraceIdField],
			query: (c) => ({ applyTraceId: requiredUuid(c, 'applyTraceId', 'Apply Trace ID') }),
		}),
		exinOneOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many loans',
			description: 'List your loans (ExinOne answers them all at once)',
			draft: true,
			method: 'GET',
			path: '/loan/list',
			paged: { noun: 'loans', single: true },
			fields: [
				{
					displayName: 'Filters',
					name: 'filters',
					type: 'collection',
					placeholder: 'Add Filter',
					default: {},
					options: [
						{
							displayName: 'Status',
							name: 'status',
							type: 'options',
							options: [
								{ name: 'In Use', value: 'using' },
								{ name: 'Overdue', value: 'overdue' },
								{ name: 'Cleared', value: 'cleared' },
							],
							default: 'using',
						},
						{ displayName: 'From Day', name: 'dateStart', type: 'dateTime', default: '', description: 'First day of loans to list (sent as the unix seconds of its start)' },
						{ displayName: 'To Day', name: 'dateEnd', type: 'dateTime', default: '', description: 'Last day of loans to list (sent as the unix seconds of its start)' },
					],
				},
			],
			query: (c) => {
				const filters = c.param<{ status?: string; dateStart?: unknown; dateEnd?: unknown }>('filters', {});
				return {
					status: filters.status,
					dateStart: dayStartSeconds(c, filters.dateStart, 'From Day'),
					dateEnd: dayStartSeconds(c, filters.dateEnd, 'To Day'),
				};
			},
		}),
		exinOneOperation({
			value: 'getRepayments',
			name: 'Get Repayments',
			action: 'Get the repayments of a loan',
			description: 'List the repayments of one loan (ExinOne answers them all at once)',
			draft: true,
			method: 'GET',
			path: '/loan/repayment/list',
			paged: { noun: 'repayments', single: true },
			fields: [applyTraceIdField],
			query: (c) => ({ applyTraceId: requiredUuid(c, 'applyTraceId', 'Apply Trace ID') }),
		}),
		exinOneOperation({
			value: 'getRepaymentStatus',
			name: 'Get Repayment Status',
			action: 'Get a repayment status',
			description: 'Get one repayment by the trace ID of its transfer',
			draft: true,
			method: 'GET',
			path: '/loan/repayment/status',
			fields: [
				{
					displayName: 'Repayment Trace ID',
					name: 'repaymentTraceId',
					type: 'string',
					required: true,
					default: '',
					description: 'The trace ID (UUID) of the transfer that repaid',
				},
			],
			query: (c) => ({ repaymentTraceId: requiredUuid(c, 'repaymentTraceId', 'Repayment Trace ID') }),
		}),
		{
			value: 'apply',
			name: 'Apply',
			action: 'Apply for a loan',
			description: 'Apply for a loan by an EPC transfer to the ExinOne bot with the loan memo (Mixin API credential); the Request ID becomes its apply trace ID',
			write: true,
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset to borrow'),
				{ displayName: 'Days', name: 'days', type: 'number', typeOptions: { minValue: 1, numberPrecision: 0 }, required: true, default: 30, description: 'Term of the loan in days' },
				amountField('amount', 'Amount', 'How much to borrow, at most 8 decimals'),
				walletField('wallet', 'Pay Out To', 'Where the loan is paid out'),
				{ ...requestIdField, description: `${requestIdField.description} It becomes the loan's apply trace ID.` },
				epcAmountField,
			],
			run: async (context) => {
				const amount = formatAmount(amountParameter(context, 'amount', 'Amount'));
				const memo = loanApplicationMemo(requiredUuid(context, 'assetUuid', 'Asset UUID'), days(context), amount, context.param('wallet', 'mixin'));
				const output = await payOnce(context, { ...requestIdParameter(context), assetId: EPC_ASSET_ID, amount: amountParameter(context, 'epcAmount', 'EPC Amount'), memo });
				return { applyTraceId: output.requestId, ...output };
			},
		},
		{
			value: 'repay',
			name: 'Repay',
			action: 'Repay a loan',
			description: 'Repay a loan by a transfer of the asset to the ExinOne bot with the repayment memo (Mixin API credential)',
			write: true,
			fields: [
				applyTraceIdField,
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset you repay with'),
				amountField('amount', 'Amount', 'How much to repay, at most 8 decimals'),
				{ ...requestIdField, description: `${requestIdField.description} It becomes the repayment trace ID.` },
			],
			run: async (context) => {
				const memo = loanRepaymentMemo(requiredUuid(context, 'applyTraceId', 'Apply Trace ID'));
				const output = await payOnce(context, {
					...requestIdParameter(context),
					assetId: requiredUuid(context, 'assetUuid', 'Asset UUID'),
					amount: amountParameter(context, 'amount', 'Amount'),
					memo,
				});
				return { repaymentTraceId: output.requestId, ...output };
			},
		},
	],
};
