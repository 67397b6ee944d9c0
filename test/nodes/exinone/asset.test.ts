/** The ExinOne node's asset resource (nodes/ExinOne/resources/asset.ts): the draft asset relations. */
import { useExinOneNode } from '../../support/exinone-node';

const env = useExinOneNode();

test('getRelations reads /asset/relations without a credential or a login', async () => {
	const items = await env.run({ resource: 'asset', operation: 'getRelations', publicOptions: { baseUrl: env.sim.baseUrl } }, { credential: false });
	expect(env.only()).toMatchObject({ method: 'GET', path: '/api/v2/asset/relations', status: 200 });
	expect(env.only().headers.authorization).toBeUndefined();
	expect(items.length).toBeGreaterThan(0);
	expect(items[0].json).toHaveProperty('assets');
});
