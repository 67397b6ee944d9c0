/** The ExinOne node's loan resource (nodes/ExinOne/resources/loan.ts): reads, details and the paged lists. */
import { testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';

const env = useExinOneNode();
const { run, calls, last } = env;

describe('loan', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'loan', operation: 'getOverview' }, '/api/v2/loan', {}],
		[{ resource: 'loan', operation: 'getAvailable' }, '/api/v2/loan/available', {}],
	]);

	test('loan get and repayment status by id', async () => {
		const loan = (env.sim.state.loans as Array<{ loanId: string }>)[0];
		const [item] = await run({ resource: 'loan', operation: 'get', loanId: loan.loanId });
		expect(item.json.loanId).toBe(loan.loanId);
		expect(last().query).toEqual({ loanId: loan.loanId });
		const repayment = (env.sim.state.repayments as Array<{ traceId: string }>)[0];
		const [status] = await run({ resource: 'loan', operation: 'getRepaymentStatus', traceId: repayment.traceId });
		expect(status.json.traceId).toBe(repayment.traceId);
	});

	test.each([
		['loan', 'getMany', '/api/v2/loan/list'],
		['loan', 'getRepayments', '/api/v2/loan/repayment/list'],
	])('%s %s pages too', async (resource, operation, path) => {
		const items = await run({ resource, operation, returnAll: true, pageSize: 5 });
		expect(items.length).toBeGreaterThan(5);
		expect(calls().every((r) => r.path === path)).toBe(true);
		expect(calls().length).toBe(Math.ceil(items.length / 5));
	});
});
