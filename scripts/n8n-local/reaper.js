'use strict';
// The last line of cleanup, as its own small process: processes.js starts it detached and tells it on
// its standard input which process groups and folders it owns ("+group 123", "-group 123",
// "+dir /tmp/x", "-dir /tmp/x"). When that input ends, its parent is gone, however it went: killed
// outright, or inside a test runner whose sandboxed `process` never runs exit and signal handlers
// (jest's). The groups still listed are then killed and the folders removed.

const fs = require('node:fs');

const groups = new Set();
const dirs = new Set();
let pending = '';
let reaped = false;

function apply(line) {
	const match = /^([+-])(group|dir) (.+)$/.exec(line);
	if (!match) return;
	const [, sign, kind, value] = match;
	const set = kind === 'group' ? groups : dirs;
	const item = kind === 'group' ? Number(value) : value;
	if (kind === 'group' && !(item > 1)) return;
	if (kind === 'dir' && !value.startsWith('/')) return;
	if (sign === '+') set.add(item);
	else set.delete(item);
}

function groupAlive(pid) {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function reap() {
	if (reaped) return;
	reaped = true;
	for (const pid of groups) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	// a server still dying could write into a folder being removed: wait for the groups (bounded)
	for (let i = 0; i < 50 && [...groups].some(groupAlive); i++) await new Promise((resolve) => setTimeout(resolve, 100));
	for (const dir of dirs) {
		try {
			fs.rmSync(dir, { recursive: true, force: true });
		} catch {
			// best effort
		}
	}
	process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
	pending += chunk;
	let newline;
	while ((newline = pending.indexOf('\n')) !== -1) {
		apply(pending.slice(0, newline));
		pending = pending.slice(newline + 1);
	}
});
process.stdin.on('end', reap);
process.stdin.on('error', reap);
