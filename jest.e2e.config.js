'use strict';
// The end-to-end suite: a real n8n (provisioned by `npm run n8n:provision`) running the packed package.
const unit = require('./jest.config');

module.exports = {
	...unit,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	// queue mode and the soak have their own commands (`npm run test:queue`, `npm run test:soak`)
	testPathIgnorePatterns: ['/node_modules/', '/queue-mode\\.e2e\\.ts$', '/soak\\.e2e\\.ts$'],
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
};
