/** The ExinOne node's referral resource (nodes/ExinOne/resources/referral.ts). */
import { testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';

const env = useExinOneNode();

describe('referral', () => {
	testAuthenticatedGets(env, [[{ resource: 'referral', operation: 'getStatistics' }, '/api/v2/referral_statistics/me', {}]]);
});
