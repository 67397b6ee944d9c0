/**
 * The ExinOne node's loan resource (nodes/ExinOne/resources/loan.ts), against the simulator's checks of
 * ExinOne's draft "Loan" page: loans are read by `applyTraceId`, repayments by `repaymentTraceId`, the
 * lists answer everything at once (no paging), and day filters are the unix seconds of a day's start.
 */
import { USDT, testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';

const env = useExinOneNode();
const { run, calls, last } = env;
const loans = () => env.sim.state.loans as Array<{ applyTraceId: string }>;
const repayments = () => env.sim.state.repayments as Array<{ repaymentTraceId: string; applyTraceId: string }>;

describe('loan', () => {
	testAuthenticatedGets(env, [
		[{ resource: 'loan', operation: 'getOverview' }, '/api/v2/loan', {}],
		[{ resource: 'loan', operation: 'getAvailable', assetUuid: USDT, wallet: 'fundpool' }, '/api/v2/loan/available', { assetUuid: USDT, wallet: 'fundpool' }],
	]);

	test('get by the apply trace ID, and a repayment\'s status by its own trace ID', async () => {
		const { applyTraceId } = loans()[0];
		const [item] = await run({ resource: 'loan', operation: 'get', applyTraceId });
		expect(last().query).toEqual({ applyTraceId });
		expect(item.json.applyTraceId).toBe(applyTraceId);
		const { repaymentTraceId } = repayments()[0];
		const [status] = await run({ resource: 'loan', operation: 'getRepaymentStatus', repaymentTraceId });
		expect(last()).toMatchObject({ path: '/api/v2/loan/repayment/status', query: { repaymentTraceId }, status: 200 });
		expect(status.json).toHaveProperty('amount');
	});

	test('getMany is one request without page parameters; its filters are a status and day starts in unix seconds', async () => {
		const all = await run({ resource: 'loan', operation: 'getMany', returnAll: true, filters: {} });
		expect(calls()).toHaveLength(1);
		expect(last().query).toEqual({});
		expect(all).toHaveLength(loans().length);
		await run({ resource: 'loan', operation: 'getMany', returnAll: true, filters: { status: 'using', dateStart: '2024-01-02T15:30:00+08:00', dateEnd: '2024-03-04' } });
		expect(last()).toMatchObject({ status: 200, query: { status: 'using', dateStart: String(Date.parse('2024-01-02T00:00:00+08:00') / 1000), dateEnd: String(Date.parse('2024-03-04T00:00:00Z') / 1000) } });
	});

	test('getRepayments lists one loan\'s repayments in one request; Limit keeps the first ones', async () => {
		const { applyTraceId } = repayments()[0];
		const items = await run({ resource: 'loan', operation: 'getRepayments', applyTraceId, returnAll: false, limit: 1 });
		expect(calls()).toHaveLength(1);
		expect(last().query).toEqual({ applyTraceId });
		expect(items).toHaveLength(1);
	});

	test('a trace ID that is not a UUID is refused before anything is sent, naming the field', async () => {
		const error = await captureError(run({ resource: 'loan', operation: 'get', applyTraceId: 'loan-1' }));
		expect(error.message).toBe('The Apply Trace ID field is not a UUID');
		expect(calls()).toHaveLength(0);
	});
});
