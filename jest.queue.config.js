'use strict';
// The queue-mode suite: n8n's main process and two workers on Redis and PostgreSQL (installed from
// Debian's packages on first use), run apart from the other end-to-end tests by `npm run test:queue`.
const e2e = require('./jest.e2e.config');

module.exports = {
	...e2e,
	testMatch: ['**/queue-mode.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	// the suite loads no n8n-core in jest, so it needs no throw-away n8n user folder of its own
	setupFiles: [],
};
