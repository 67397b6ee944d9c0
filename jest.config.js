'use strict';
// jose and @noble/ed25519 are ESM-only; jest's module loader cannot require() ESM the way Node 20.19+
// does, so they are transformed to CommonJS here. The compiled dist/ is loaded by plain Node in the
// dist smoke test and in the real-n8n tests.
const esmOnly = ['jose', '@noble/ed25519'].map((name) => name.replace('/', '\\/')).join('|');

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/credentials', '<rootDir>/nodes', '<rootDir>/test'],
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	transform: {
		'^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
	},
	transformIgnorePatterns: [`/node_modules/(?!(${esmOnly})/)`],
	setupFiles: ['<rootDir>/test/setup-env.js'],
	testTimeout: 20000,
};
