import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NodeConnectionTypes, type INodeProperties, type INodeType } from 'n8n-workflow';

import { MixinKeystoreApi } from '../../credentials/MixinKeystoreApi.credentials';
import { RainbowApi } from '../../credentials/RainbowApi.credentials';
import { ExinOne } from '../../nodes/ExinOne/ExinOne.node';
import { ExinOneTrigger } from '../../nodes/ExinOne/ExinOneTrigger.node';
import { Rainbow } from '../../nodes/Rainbow/Rainbow.node';
import { RainbowTrigger } from '../../nodes/Rainbow/RainbowTrigger.node';

const nodes: Array<[string, INodeType]> = [
	['ExinOne', new ExinOne()],
	['Rainbow', new Rainbow()],
];

describe.each(nodes)('%s node description', (folder, node) => {
	const { description } = node;
	const properties = description.properties;

	test('usable as a tool, themed icons, subtitle with operation and resource, main connections', () => {
		expect(description.usableAsTool).toBe(true);
		expect(description.icon).toEqual({ light: expect.stringMatching(/^file:.*\.svg$/), dark: expect.stringMatching(/^file:.*\.dark\.svg$/) });
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.subtitle).toContain('$parameter["resource"]');
		expect(description.inputs).toEqual([NodeConnectionTypes.Main]);
		expect(description.outputs).toEqual([NodeConnectionTypes.Main]);
	});

	test('the codex file names the node type as installed from the package', () => {
		const codex = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'nodes', folder, `${folder}.node.json`), 'utf8'));
		expect(codex.node).toBe(`n8n-nodes-exinone-rainbow.${description.name}`);
	});

	test('every operation has an action and a description', () => {
		for (const selector of properties.filter((p) => p.name === 'operation')) {
			for (const option of selector.options as Array<{ action?: string; description?: string }>) {
				expect(option.action).toEqual(expect.any(String));
				expect(option.description).toEqual(expect.any(String));
			}
		}
	});

	test('list operations show Return All and Limit before their filter/option collections', () => {
		const key = (p: INodeProperties) => `${p.displayOptions?.show?.resource?.[0]}/${p.displayOptions?.show?.operation?.[0]}`;
		const lists = new Set(properties.filter((p) => p.name === 'returnAll').map(key));
		expect(lists.size).toBeGreaterThan(1);
		for (const list of lists) {
			const own = properties.filter((p) => key(p) === list);
			const returnAll = own.findIndex((p) => p.name === 'returnAll');
			own.forEach((p, index) => {
				if (p.type === 'collection' || p.type === 'fixedCollection') expect(index).toBeGreaterThan(returnAll);
			});
		}
	});
});

const triggers: Array<[string, string, INodeType]> = [
	['ExinOne', 'ExinOneTrigger', new ExinOneTrigger()],
	['Rainbow', 'RainbowTrigger', new RainbowTrigger()],
];

describe.each(triggers)('%s/%s description', (folder, file, node) => {
	const { description } = node;

	test("a polling trigger (n8n adds its Poll Times), not a tool, with the service's icons and its credential required", () => {
		expect(description).toMatchObject({ polling: true, group: ['trigger'], inputs: [], outputs: [NodeConnectionTypes.Main] });
		expect(description.usableAsTool).toBeUndefined();
		expect(description.icon).toEqual(new (folder === 'ExinOne' ? ExinOne : Rainbow)().description.icon);
		expect(description.credentials).toEqual([{ name: expect.any(String), required: true }]);
		expect(typeof node.poll).toBe('function');
	});

	test('the codex file names the node type as installed from the package', () => {
		const codex = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'nodes', folder, `${file}.node.json`), 'utf8'));
		expect(codex.node).toBe(`n8n-nodes-exinone-rainbow.${description.name}`);
	});

	test('every parameter has a default; Events selects every outcome by default', () => {
		for (const property of description.properties) expect([property.name, property.default]).toEqual([property.name, expect.anything()]);
		const events = description.properties.find((p) => p.name === 'events');
		expect([...(events?.default as string[])].sort()).toEqual((events?.options as Array<{ value: string }>).map((o) => o.value).sort());
	});
});

test('both credentials offer themselves to the HTTP Request node, with docs and API base URLs', () => {
	for (const credential of [new MixinKeystoreApi(), new RainbowApi()]) {
		expect(credential.httpRequestNode).toEqual({ name: expect.any(String), docsUrl: expect.stringMatching(/^https:/), apiBaseUrl: expect.stringMatching(/^https:/) });
	}
});
