/** Required parameters (nodes/shared/parameters.ts): an empty one is named before anything is sent. */
import { NodeOperationError } from 'n8n-workflow';

import { captureError } from '../../support/lifecycle';
import { useRainbowNode } from '../../support/rainbow-node';

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	test('an empty required field is a clear error before any request', async () => {
		const error = await captureError(run({ resource: 'nft', operation: 'get', contractAddress: ' ', tokenId: '1' }));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Contract Address field is empty');
		expect(env.calls()).toHaveLength(0);
	});
});
