/** End-to-end suite: real n8n installs, so long timeouts and one file at a time. */
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testTimeout: 180000,
	maxWorkers: 1,
};
