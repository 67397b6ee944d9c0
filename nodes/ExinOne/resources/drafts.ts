import type { Resource } from '../../shared/operations';
import { amountField, assetUuidField, restOperation } from './rest';

/** Endpoints documented only on a draft branch of ExinOne's docs (shared/specs/mixin-exinone.md §5). */

export const fundPoolResource: Resource = {
	value: 'fundPool',
	name: 'Fund Pool',
	description: 'Draft API: may not be available',
	operations: [
		restOperation({
			value: 'getAll',
			name: 'Get Many',
			action: 'Get the fund pools',
			description: 'Get the fund pools of all assets',
			draft: true,
			method: 'GET',
			path: '/fund_pool',
		}),
		restOperation({
			value: 'getAsset',
			name: 'Get Asset',
			action: 'Get the fund pool of an asset',
			description: 'Get the fund pool of one asset',
			draft: true,
			method: 'GET',
			path: '/fund_pool/asset',
			fields: [assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID')],
			query: (c) => ({ assetUuid: c.param('assetUuid') }),
		}),
	],
};

export const loanResource: Resource = {
	value: 'loan',
	name: 'Loan',
	description: 'Draft API: may not be available',
	operations: [
		restOperation({ value: 'getOverview', name: 'Get Overview', action: 'Get the loan overview', description: 'Get the loan overview of the logged-in user', draft: true, method: 'GET', path: '/loan' }),
		restOperation({ value: 'getAvailable', name: 'Get Available', action: 'Get available loans', description: 'Get what can be borrowed', draft: true, method: 'GET', path: '/loan/available' }),
		restOperation({
			value: 'get',
			name: 'Get',
			action: 'Get a loan',
			description: 'Get one loan',
			draft: true,
			method: 'GET',
			path: '/loan/detail',
			fields: [{ displayName: 'Loan ID', name: 'loanId', type: 'string', required: true, default: '', description: 'ID of the loan' }],
			query: (c) => ({ loanId: c.param('loanId') }),
		}),
		restOperation({ value: 'getMany', name: 'Get Many', action: 'Get many loans', description: 'List the loans of the logged-in user', draft: true, method: 'GET', path: '/loan/list', paged: { noun: 'loans' } }),
		restOperation({ value: 'getRepayments', name: 'Get Repayments', action: 'Get loan repayments', description: 'List loan repayments', draft: true, method: 'GET', path: '/loan/repayment/list', paged: { noun: 'repayments' } }),
		restOperation({
			value: 'getRepaymentStatus',
			name: 'Get Repayment Status',
			action: 'Get a repayment status',
			description: 'Get the status of one repayment by its trace ID',
			draft: true,
			method: 'GET',
			path: '/loan/repayment/status',
			fields: [{ displayName: 'Trace ID', name: 'traceId', type: 'string', required: true, default: '', description: 'Trace ID (UUID) of the repayment' }],
			query: (c) => ({ traceId: c.param('traceId') }),
		}),
	],
};

export const transferResource: Resource = {
	value: 'transfer',
	name: 'Transfer',
	description: 'Draft API: may not be available',
	operations: [
		restOperation({
			value: 'create',
			name: 'Create',
			action: 'Transfer from the EPC wallet',
			description: 'Transfer an asset from the EPC wallet to a Mixin user',
			draft: true,
			method: 'POST',
			path: '/epc_authentication/transfer',
			fields: [
				assetUuidField('assetUuid', 'Asset UUID', true, 'Mixin asset ID of the asset to send'),
				amountField('amount', 'Amount', 'How much to send'),
				{ displayName: 'Opponent ID', name: 'opponentId', type: 'string', required: true, default: '', description: 'Mixin user ID (UUID) of the receiver' },
				{ displayName: 'Memo', name: 'memo', type: 'string', default: '', description: 'Optional memo of the transfer' },
			],
			body: (c) => ({
				assetUuid: c.param('assetUuid'),
				amount: c.param('amount'),
				opponentId: c.param('opponentId'),
				memo: c.param('memo', ''),
			}),
		}),
	],
};
