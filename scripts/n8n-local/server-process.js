'use strict';
// A long-running n8n process (`n8n start`, `n8n worker`): started in its own process group so that its
// task-runner child goes with it, tracked so that nothing outlives this process, and watched through
// its health endpoints rather than its log, whose wording changes between n8n versions.

const childProcess = require('node:child_process');
const fs = require('node:fs');

const { PREFIX, seconds, sleep } = require('./log');
const { killGroup, trackPid, untrackPid } = require('./processes');
const { httpRequest } = require('./rest-client');

const RING_LINES = 2000;

/**
 * Spawns `nodeBin args…` detached, appends its output to logFile and keeps the last lines in memory.
 * Returns a handle { child, pid, lines, logFile, exited (promise of { code, signal }), exitInfo }.
 */
function spawnServer(nodeBin, args, { cwd, env, logFile }) {
	const logStream = fs.createWriteStream(logFile, { flags: 'a' });
	const child = childProcess.spawn(nodeBin, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	trackPid(child.pid);
	const lines = [];
	const collect = (chunk) => {
		logStream.write(chunk);
		for (const line of chunk.toString('utf8').split('\n')) {
			if (!line) continue;
			lines.push(line);
			if (lines.length > RING_LINES) lines.shift();
		}
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const handle = { child, pid: child.pid, lines, logFile, exitInfo: null, exited: null };
	handle.exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			untrackPid(child.pid);
			logStream.end();
			handle.exitInfo = { code, signal };
			resolve(handle.exitInfo);
		});
	});
	return handle;
}

/**
 * Polls each URL in turn until it answers 200 (one after the other: n8n answers /healthz as soon as it
 * listens and /healthz/readiness only once migrated and fully started). Fails as soon as the process
 * exits, or after timeoutMs. Returns the ms at which each URL first answered.
 */
async function waitHealthy(handle, urls, { timeoutMs = 90000, intervalMs = 200, label = 'n8n' } = {}) {
	const started = Date.now();
	const deadline = started + timeoutMs;
	const answeredMs = [];
	for (const url of urls) {
		for (;;) {
			if (handle.exitInfo) {
				const { code, signal } = handle.exitInfo;
				throw new Error(`${PREFIX} ${label} exited (code ${code}, signal ${signal}) before ${url} answered:\n${handle.lines.slice(-40).join('\n')}`);
			}
			const health = await httpRequest('GET', url, { timeoutMs: 2000 }).catch(() => null);
			if (health && health.status === 200) break;
			if (Date.now() > deadline) {
				throw new Error(`${PREFIX} ${label}: ${url} not ready after ${seconds(timeoutMs)}:\n${handle.lines.slice(-40).join('\n')}`);
			}
			await sleep(intervalMs);
		}
		answeredMs.push(Date.now() - started);
	}
	return answeredMs;
}

/** Resolves 'exited' or 'timeout', and leaves no timer behind to keep the test runner alive. */
function exitedWithin(handle, ms) {
	let timer;
	const timeout = new Promise((resolve) => {
		timer = setTimeout(() => resolve('timeout'), ms);
	});
	return Promise.race([handle.exited.then(() => 'exited'), timeout]).finally(() => clearTimeout(timer));
}

/** SIGTERM (n8n shuts down gracefully), SIGKILL after timeoutMs, then the rest of its group. */
async function stopServerProcess(handle, { timeoutMs = 20000 } = {}) {
	if (!handle) return null;
	if (!handle.exitInfo) {
		killGroup(handle.pid, 'SIGTERM');
		if ((await exitedWithin(handle, timeoutMs)) === 'timeout') {
			killGroup(handle.pid, 'SIGKILL');
			await exitedWithin(handle, 5000);
		}
	}
	// the task runner child shares the group; make sure nothing of it is left
	killGroup(handle.pid, 'SIGKILL');
	untrackPid(handle.pid);
	return handle.exitInfo;
}

module.exports = { spawnServer, waitHealthy, stopServerProcess };
