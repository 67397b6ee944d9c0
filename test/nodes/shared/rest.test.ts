/**
 * A REST endpoint as an operation (nodes/shared/rest.ts), through the Rainbow node: how an answer the
 * operation does not shape itself becomes output items.
 */
import { useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

describe('through the Rainbow node', () => {
	const env = useRainbowNode();
	const { run } = env;

	test('a list answer gives one item per element, a bare value as {value}', async () => {
		env.sim.respond({ method: 'GET', path: '/v1/accounts', body: [{ phone: '13800000001' }, 'cfxtest:aa1'] });
		const output = await run({ resource: 'account', operation: 'getMany' });
		expect(jsonOf(output)).toEqual([{ phone: '13800000001' }, { value: 'cfxtest:aa1' }]);
		expectPaired(output);
	});

	test('an empty 2xx answer to a write still gives the item its workflow goes on with: {success: true}', async () => {
		env.sim.respond({ method: 'POST', path: '/v1/metadata/', status: 200 });
		const output = await run({ resource: 'metadata', operation: 'create', name: 'x', description: 'y', image: 'https://example.com/i.png' });
		expect(jsonOf(output)).toEqual([{ success: true }]);
		expectPaired(output);
		expect(env.only()).toMatchObject({ method: 'POST', status: 200, canned: true });
	});
});
