'use strict';
/* eslint-disable no-console */
// Output helpers shared by every module, so all lines carry one recognisable prefix.

const PREFIX = '[n8n-local]';

function log(...args) {
	console.log(PREFIX, ...args);
}

function seconds(ms) {
	return `${(ms / 1000).toFixed(1)}s`;
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function lastLines(text, count = 30) {
	const lines = String(text || '')
		.replace(/\s+$/, '')
		.split('\n');
	return lines.slice(-count).join('\n');
}

module.exports = { PREFIX, log, seconds, sleep, lastLines };
