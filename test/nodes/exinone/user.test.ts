/** The ExinOne node's user resource (nodes/ExinOne/resources/user.ts). */
import { testAuthenticatedGets, useExinOneNode } from '../../support/exinone-node';

const env = useExinOneNode();

describe('user', () => {
	testAuthenticatedGets(env, [[{ resource: 'user', operation: 'getMe' }, '/api/v2/users/me', {}]]);
});
