/** The Rainbow node's account resource (nodes/Rainbow/resources/account.ts). */
import { useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;

describe('account', () => {
	test('account getMany sends the phone filter and outputs one item per account', async () => {
		const output = await run({ resource: 'account', operation: 'getMany', filters: { phone: '13800000002' } });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/accounts', query: { phone: '13800000002' } });
		expect(jsonOf(output)).toEqual([env.state().accounts[1]]);
		env.sim.reset();
		const all = await run({ resource: 'account', operation: 'getMany' });
		expect(env.only().query).toEqual({});
		expect(all).toHaveLength(2);
		expectPaired(all);
	});

	test('account create sends phone and create_if_exists', async () => {
		const output = await run({ resource: 'account', operation: 'create', phone: '13800000001', additionalFields: { create_if_exists: true } });
		expect(env.only()).toMatchObject({ method: 'POST', path: '/v1/accounts', body: { phone: '13800000001', create_if_exists: true } });
		expect(jsonOf(output)).toEqual([
			{ phone: '13800000001', conflux_mainnet_address: expect.stringMatching(/^cfx:/), conflux_testnet_address: expect.stringMatching(/^cfxtest:/) },
		]);
		expect(env.state().accounts).toHaveLength(3);
	});
});
