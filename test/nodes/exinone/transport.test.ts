/**
 * How the ExinOne node reads ExinOne's answers (nodes/ExinOne/transport.ts): success is the envelope's
 * `success` flag, whatever the HTTP status.
 */
import { randomUUID } from 'node:crypto';

import { useExinOneNode } from '../../support/exinone-node';
import { captureError } from '../../support/lifecycle';

const env = useExinOneNode();
const { run } = env;

describe('ExinOne answers', () => {
	test('errors inside HTTP 200 (success:false) are errors too', async () => {
		env.sim.setErrorStatus('ok200');
		const error = await captureError(run({ resource: 'convert', operation: 'getOrder', payTraceId: randomUUID() }));
		expect(error.message).toBe('ExinOne: 订单不存在 (code 20004)');
	});
});
