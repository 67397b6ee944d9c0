// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkTarballFiles } = require('../../scripts/local-stack');

const manifest = {
	n8n: {
		credentials: ['dist/credentials/MixinKeystoreApi.credentials.js', 'dist/credentials/RainbowApi.credentials.js'],
		nodes: ['dist/nodes/ExinOne/ExinOne.node.js'],
	},
};
const complete = [
	'package.json', 'README.md', 'LICENSE', 'index.js',
	...manifest.n8n.credentials, ...manifest.n8n.nodes, 'dist/nodes/ExinOne/ExinOne.node.json',
	'dist/nodes/ExinOne/exinone.svg', 'dist/nodes/ExinOne/exinone.dark.svg',
	'dist/nodes/Rainbow/rainbow.svg', 'dist/nodes/Rainbow/rainbow.dark.svg',
	'dist/package.js', 'dist/vendor/LICENSES.md',
];

// The check reads the built classes for their `file:` icons: it needs dist/ (npm test builds first).
describe('the tarball check of npm run demo / test:e2e', () => {
	test('a complete package passes', () => {
		expect(checkTarballFiles(complete, manifest)).toEqual({ missing: [], forbidden: [] });
	});

	test('a missing entry, codex file or icon is reported', () => {
		const gone = ['dist/nodes/ExinOne/ExinOne.node.json', 'dist/nodes/Rainbow/rainbow.dark.svg', 'dist/vendor/LICENSES.md', 'index.js'];
		const files = complete.filter((f) => !gone.includes(f));
		expect(checkTarballFiles(files, manifest).missing.sort()).toEqual([...gone].sort());
	});

	test('sources, declarations, tests, scripts, secrets and source maps must not ship', () => {
		const extra = ['credentials/mixin/keystore.ts', 'dist/x.ts', 'dist/credentials/mixin/keystore.d.ts', 'test/credentials/mixin/keystore.test.ts', 'scripts/demo.js', '.env', 'keystore.json', 'dist/x.js.map', 'tsconfig.json'];
		expect(checkTarballFiles([...complete, ...extra], manifest).forbidden.sort()).toEqual([...extra].sort());
	});
});
