'use strict';
// The soak's 7-day run (`npm run test:soak`): scripts/soak.js in a child process, its report asserted.
// test/e2e/soak.e2e.ts skips itself under the other end-to-end configs, which match every *.e2e.ts.
const e2e = require('./jest.e2e.config');

module.exports = {
	...e2e,
	testMatch: ['**/soak.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	// the suite loads no n8n-core in jest, so it needs no throw-away n8n user folder of its own
	setupFiles: [],
	globals: { SOAK_SUITE: true },
	testTimeout: 16 * 60 * 1000,
};
