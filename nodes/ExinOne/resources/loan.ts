import type { Resource } from '../../shared/operations';
import { exinOneOperation } from '../descriptions';

export const loanResource: Resource = {
	value: 'loan',
	name: 'Loan',
	description: 'Draft API: may not be available',
	operations: [
		exinOneOperation({ value: 'getOverview', name: 'Get Overview', action: 'Get the loan overview', description: 'Get the loan overview of the logged-in user', draft: true, method: 'GET', path: '/loan' }),
		exinOneOperation({ value: 'getAvailable', name: 'Get Available', action: 'Get available loans', description: 'Get what can be borrowed', draft: true, method: 'GET', path: '/loan/available' }),
		exinOneOperation({
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
		exinOneOperation({ value: 'getMany', name: 'Get Many', action: 'Get many loans', description: 'List the loans of the logged-in user', draft: true, method: 'GET', path: '/loan/list', paged: { noun: 'loans' } }),
		exinOneOperation({ value: 'getRepayments', name: 'Get Repayments', action: 'Get loan repayments', description: 'List loan repayments', draft: true, method: 'GET', path: '/loan/repayment/list', paged: { noun: 'repayments' } }),
		exinOneOperation({
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
