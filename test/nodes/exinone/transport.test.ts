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
		expect(error.message).toBe('ExinOne: 选定的 pay trace id 是无效的 (code 30004)');
		expect(env.last().status).toBe(200);
	});
});

test('a validation error names every field ExinOne refused, and keeps them as details', async () => {
	const error = await captureError(
		run({ resource: 'convert', operation: 'estimate', payAssetUuid: randomUUID(), payAssetAmount: '1', receiveAssetUuid: randomUUID() }),
	);
	expect(error.message).toMatch(/^ExinOne: .+ \(payAssetUuid: .+; receiveAssetUuid: .+\) \(code \d+\)$/);
	expect((error as Error & { errorResponse?: { details?: object } }).errorResponse?.details).toEqual({
		payAssetUuid: [expect.any(String)],
		receiveAssetUuid: [expect.any(String)],
	});
});
