import type { Resource } from '../../shared/operations';
import { dayStartSeconds, requiredUuid } from '../../shared/parameters';
import { applyTraceIdField, assetUuidField, exinOneOperation, walletField } from '../descriptions';

/**
 * ExinOne's draft "Loan" docs (the Chinese page is the complete one). Applying for and repaying a loan
 * are Mixin transfers with a memo, not API calls; these read loans, by the trace ID of the applying
 * transfer (`applyTraceId`) or of a repaying one (`repaymentTraceId`).
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
	],
};
