/** The ExinOne node's referral resource (nodes/ExinOne/resources/referral.ts). */
import { testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useExinOneNode();

describe('referral', () => {
	testAuthenticatedGets(env, [[{ resource: 'referral', operation: 'getStatistics' }, '/api/v2/referral_statistics/me', {}]]);

	test('getStatistics outputs the statistics as one item, nested lists kept whole', async () => {
		const statistics = { inviteCount: 3, rewards: [{ assetUuid: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', amount: '0.00010000' }] };
		env.sim.respond({ path: '/api/v2/referral_statistics/me', body: { code: '0', success: true, message: '', data: statistics } });
		const output = await env.run({ resource: 'referral', operation: 'getStatistics' });
		expect(jsonOf(output)).toEqual([statistics]);
		expectPaired(output);
	});
});
