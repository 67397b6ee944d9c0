/** The node error of a failed call (nodes/shared/errors.ts): the service's message and code, the HTTP status. */
import { NodeApiError } from 'n8n-workflow';

import { captureError } from '../../support/lifecycle';
import { useRainbowNode } from '../../support/rainbow-node';

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	test('a 4xx carries the service message and code', async () => {
		const error = await captureError(run({ resource: 'mint', operation: 'get', mintId: '9999' }));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Rainbow: mint task not found (code 40400)');
		expect((error as NodeApiError).httpCode).toBe('404');
	});
});
