'use strict';
// The @noble libraries are ESM-only; jest's module loader cannot require() ESM the way Node 20.19+
// does, so they are transformed to CommonJS here. The built dist/ (bundled by esbuild) is loaded by
// plain Node in test/package and in the real-n8n tests.
const esmOnly = ['@noble/ed25519', '@noble/curves', '@noble/hashes'].map((name) => name.replace('/', '\\/')).join('|');

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/credentials', '<rootDir>/nodes', '<rootDir>/mixin-safe', '<rootDir>/test'],
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	// ts-jest only transpiles (no type check here: `npm run build` type-checks the package). It is pure
	// JavaScript: a transformer with per-platform binaries cannot be locked for `npm ci` from a registry
	// that lacks other platforms' builds.
	transform: {
		'^.+\\.(t|j)s$': [
			'ts-jest',
			{
				diagnostics: false,
				tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true, isolatedModules: true },
			},
		],
	},
	transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
	setupFiles: ['<rootDir>/test/support/setup-env.js'],
	// Every test file loads n8n-core (1–2 s) and most wait on a local simulator: two workers halve the
	// run on two cores, where jest's default would be one.
	maxWorkers: 2,
	testTimeout: 20000,
};
