/** The Rainbow node's metadata resource (nodes/Rainbow/resources/metadata.ts). */
import { PAGE_1, useRainbowNode } from '../../support/rainbow-node';
import { expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;

describe('metadata', () => {
	test('create sends the required fields, additional fields and attributes', async () => {
		const output = await run({
			resource: 'metadata',
			operation: 'create',
			name: 'Rainbow #1',
			description: 'A test NFT',
			image: 'https://example.com/1.png',
			additionalFields: {
				external_link: 'https://example.com/1',
				attributes: { attribute: [{ trait_type: 'Color', value: 'Blue', display_type: '', attribute_name: '' }] },
			},
		});
		expect(env.only()).toMatchObject({
			method: 'POST',
			path: '/v1/metadata/',
			body: {
				name: 'Rainbow #1',
				description: 'A test NFT',
				image: 'https://example.com/1.png',
				external_link: 'https://example.com/1',
				attributes: [{ trait_type: 'Color', value: 'Blue' }],
			},
		});
		expect(Object.keys(env.only().body)).not.toContain('animation_url');
		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ name: 'Rainbow #1', metadata_id: expect.any(String), uri: expect.stringMatching(/\.json$/) });
		expectPaired(output);
	});

	test('get reads one record by its metadata ID', async () => {
		const record = env.state().metadata[1];
		const output = await run({ resource: 'metadata', operation: 'get', metadataId: record.metadata_id });
		expect(env.only()).toMatchObject({ method: 'GET', path: `/v1/metadata/${record.metadata_id}`, query: {} });
		expect(jsonOf(output)).toEqual([record]);
		expectPaired(output);
	});

	test('getMany lists the records, one item each', async () => {
		const output = await run({ resource: 'metadata', operation: 'getMany' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/metadata/', query: PAGE_1 });
		expect(output.map((item) => item.json.metadata_id)).toEqual(
			[...env.state().metadata].reverse().map((m: { metadata_id: string }) => m.metadata_id),
		);
		expectPaired(output);
	});
});
