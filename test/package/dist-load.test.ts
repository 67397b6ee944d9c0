/**
 * The compiled package as n8n loads it: plain Node `require()` of the files package.json lists (no jest
 * module loader, no transform), including the ESM-only jose and @noble/ed25519 through require(esm).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n: { credentials: string[]; nodes: string[] } };

const script = `
const path = require('node:path');
const root = ${JSON.stringify(root)};
const manifest = require(path.join(root, 'package.json'));
const out = { credentials: [], nodes: [] };
for (const file of manifest.n8n.credentials) {
	for (const Class of Object.values(require(path.join(root, file)))) out.credentials.push(new Class().name);
}
for (const file of manifest.n8n.nodes) {
	for (const Class of Object.values(require(path.join(root, file)))) out.nodes.push(new Class().description.name);
}
out.index = Object.keys(require(root)).sort();
const { parseKeystore } = require(path.join(root, 'dist/credentials/exinone/keystore.js'));
const { signMixinToken } = require(path.join(root, 'dist/credentials/exinone/mixin-token.js'));
const seed = Buffer.alloc(32, 7).toString('hex');
const keystore = parseKeystore(JSON.stringify({ app_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12', session_private_key: seed }));
signMixinToken(keystore, { method: 'GET', uri: '/me' }).then(({ token }) => {
	out.token = token.split('.').length;
	process.stdout.write(JSON.stringify(out));
});
`;

test('dist/ loads in plain Node and signs a token', () => {
	if (!existsSync(path.join(root, 'dist', 'credentials'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
	}
	const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 }));
	expect(result.credentials.sort()).toEqual(['mixinKeystoreApi', 'rainbowApi']);
	expect(result.nodes).toHaveLength(manifest.n8n.nodes.length);
	expect(result.index).toEqual(expect.arrayContaining(['MixinKeystoreApi', 'RainbowApi', 'ExinOne', 'Rainbow']));
	expect(result.token).toBe(3);
});

test('every icon and codex file the package refers to is in dist/', () => {
	const files: string[] = [];
	for (const file of [...manifest.n8n.credentials, ...manifest.n8n.nodes]) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file, as n8n loads it
		for (const Class of Object.values(require(path.join(root, file))) as Array<new () => any>) {
			const instance = new Class();
			const icon = instance.icon ?? instance.description?.icon;
			for (const variant of [icon?.light, icon?.dark]) {
				// n8n resolves `file:` icons against the folder of the class's file.
				files.push(path.join(path.dirname(file), String(variant).replace(/^file:/, '')));
			}
		}
	}
	for (const node of manifest.n8n.nodes) files.push(node.replace(/\.js$/, '.json'));
	expect(files.length).toBe(3 * (manifest.n8n.credentials.length + manifest.n8n.nodes.length) - manifest.n8n.credentials.length);
	for (const file of files) expect([file, existsSync(path.join(root, file))]).toEqual([file, true]);
});
