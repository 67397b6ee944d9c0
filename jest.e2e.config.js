'use strict';
// The end-to-end suite: a real n8n (provisioned by `npm run n8n:provision`) running the packed package.
const unit = require('./jest.config');

module.exports = {
	...unit,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	// queue mode has its own command (`npm run test:queue`, jest.queue.config.js)
	testPathIgnorePatterns: ['/node_modules/', '/queue-mode\\.e2e\\.ts$'],
	testTimeout: 10 * 60 * 1000,
	maxWorkers: 1,
};
