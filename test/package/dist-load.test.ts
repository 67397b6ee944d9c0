/**
 * The built package as n8n loads it: plain Node `require()` of the files package.json lists (no jest
 * module loader, no transform). It needs nothing but n8n-workflow and Node: the libraries are bundled.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	n8n: { credentials: string[]; nodes: string[] };
};

/** Loads the package, then logs in to ExinOne with a fake `httpRequest` that captures the Mixin token. */
const script = `
const crypto = require('node:crypto');
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
const seed = Buffer.alloc(32, 7);
const keystore = JSON.stringify({ app_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', session_id: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d12', session_private_key: seed.toString('hex') });
const { MixinKeystoreApi } = require(path.join(root, manifest.n8n.credentials.find((f) => f.includes('MixinKeystoreApi'))));
let posted;
const httpRequest = async (options) => {
	posted = options.body.token;
	return { statusCode: 200, headers: {}, body: { success: true, data: { token: 'a.b.c', expiresIn: 86400 } } };
};
new MixinKeystoreApi().preAuthentication.call({ helpers: { httpRequest } }, { keystore, baseUrl: 'http://127.0.0.1:9', accessToken: '' }).then((fields) => {
	const [header, payload, signature] = posted.split('.');
	const key = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
	out.verified = crypto.verify(null, Buffer.from(header + '.' + payload), crypto.createPublicKey(key), Buffer.from(signature, 'base64url'));
	out.claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
	out.stored = fields.accessToken;
	const { MixinApi } = require(path.join(root, manifest.n8n.credentials.find((f) => f.includes('MixinApi.'))));
	return new MixinApi().authenticate({ keystore, baseUrl: 'http://127.0.0.1:9', rateLimit: 0 }, { method: 'GET', url: 'http://127.0.0.1:9/safe/outputs', qs: { threshold: 1 } });
}).then((signed) => {
	out.signedUrl = signed.url;
	const payload = signed.headers.Authorization.split('.')[1];
	out.requestSig = JSON.parse(Buffer.from(payload, 'base64url').toString()).sig;
	process.stdout.write(JSON.stringify(out));
});
`;

test('dist/ loads in plain Node, signs a Mixin token and logs in, and signs a Mixin API request', () => {
	if (!existsSync(path.join(root, 'dist', 'credentials'))) {
		throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
	}
	const result = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 }));
	expect(result.credentials.sort()).toEqual(['mixinApi', 'mixinKeystoreApi', 'rainbowApi']);
	expect(result.nodes).toHaveLength(manifest.n8n.nodes.length);
	expect(result.index).toEqual(['ExinOne', 'ExinOneTrigger', 'Mixin', 'MixinApi', 'MixinKeystoreApi', 'Rainbow', 'RainbowApi', 'RainbowTrigger']);
	expect(result.verified).toBe(true);
	expect(result.claims).toMatchObject({ uid: '7d3b1ec6-5c39-4c0a-9a5f-5c7a4e1e9d11', scp: 'FULL', aud: '61103d28-3ac2-44a2-ae34-bd956070dab1' });
	expect(result.stored).toBe('a.b.c');
	expect(result.signedUrl).toBe('http://127.0.0.1:9/safe/outputs?threshold=1');
	expect(result.requestSig).toBe(crypto.createHash('sha256').update('GET/safe/outputs?threshold=1').digest('hex'));
});

test('the package has no runtime dependencies: dist/ requires only n8n-workflow, Node and itself', () => {
	expect(manifest.dependencies ?? {}).toEqual({});
	const specifiers = new Set<string>();
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const file = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (file.endsWith('.js')) {
				for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)) specifiers.add(specifier);
			}
		}
	};
	walk(path.join(root, 'dist'));
	const foreign = [...specifiers].filter((s) => s !== 'n8n-workflow' && !s.startsWith('node:') && !s.startsWith('.'));
	expect(foreign).toEqual([]);
	expect(specifiers.has('n8n-workflow')).toBe(true);
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
