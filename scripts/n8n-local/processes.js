'use strict';
// Child processes: running commands with a hard time limit, and making sure every process group we
// started (and only those) is gone when this process exits, however it exits.

const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { lastLines } = require('./log');

const livePids = new Set();
const cleanupCallbacks = new Set();
let exitHandlersInstalled = false;
let reaper = null;

/**
 * Tells the reaper (reaper.js) what to clean up should this process end without running its exit
 * handlers: under jest they never run, as the tests' `process` is a copy whose listeners the real
 * process never calls. Started on first use; neither it nor its pipe keeps this process alive.
 */
function tellReaper(line) {
	try {
		if (!reaper) {
			reaper = childProcess.spawn(process.execPath, [path.join(__dirname, 'reaper.js')], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
			reaper.on('error', () => undefined);
			reaper.stdin.on('error', () => undefined);
			reaper.unref();
			reaper.stdin.unref();
		}
		reaper.stdin.write(`${line}\n`);
	} catch {
		// without a reaper the exit handlers below still clean up outside jest
	}
}

/**
 * Signals the process group of a child we spawned with `detached: true` (it leads its own group, so
 * the group id is its pid). No fallback to a bare pid: once the group is gone the pid may be reused.
 */
function killGroup(pid, signal = 'SIGTERM') {
	if (!pid) return false;
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function installExitHandlers() {
	if (exitHandlersInstalled) return;
	exitHandlersInstalled = true;
	const syncCleanup = () => {
		for (const callback of cleanupCallbacks) {
			try {
				callback();
			} catch {
				// best effort on exit
			}
		}
		cleanupCallbacks.clear();
		for (const pid of livePids) killGroup(pid, 'SIGKILL');
		livePids.clear();
	};
	process.on('exit', syncCleanup);
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.once(signal, () => {
			syncCleanup();
			process.exit(128 + (os.constants.signals[signal] || 1));
		});
	}
}

function trackPid(pid) {
	if (!pid) return;
	installExitHandlers();
	livePids.add(pid);
	tellReaper(`+group ${pid}`);
}

function untrackPid(pid) {
	if (livePids.delete(pid)) tellReaper(`-group ${pid}`);
}

/** Runs `callback` (synchronously) if this process exits before cancelOnExit(callback). */
function onExit(callback) {
	installExitHandlers();
	cleanupCallbacks.add(callback);
}

function cancelOnExit(callback) {
	cleanupCallbacks.delete(callback);
}

/** Removes `dir` when this process exits, however it exits; returns a function that cancels that. */
function removeOnExit(dir) {
	const folder = path.resolve(dir);
	const remove = () => fs.rmSync(folder, { recursive: true, force: true });
	onExit(remove);
	tellReaper(`+dir ${folder}`);
	return () => {
		cancelOnExit(remove);
		tellReaper(`-dir ${folder}`);
	};
}

/** Environment without npm's per-run exports (npm run sets npm_config_local_prefix, ignore_scripts, …). */
function cleanBaseEnv(extraDropPrefixes = []) {
	const keepNpm = new Set([
		'npm_config_registry',
		'npm_config_userconfig',
		'npm_config_globalconfig',
		'npm_config_cache',
		'npm_config_cafile',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_strict_ssl',
	]);
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		if (lower.startsWith('npm_') && !keepNpm.has(lower) && !lower.startsWith('npm_config_fetch_')) continue;
		if (extraDropPrefixes.some((prefix) => key.startsWith(prefix))) continue;
		env[key] = value;
	}
	// `npm run` puts the repo's node_modules/.bin (and npm's node-gyp-bin) first on PATH; drop them.
	if (env.PATH) {
		env.PATH = env.PATH.split(path.delimiter)
			.filter((entry) => entry && !/[\\/]node_modules[\\/]\.bin$/.test(entry) && !/[\\/]node-gyp-bin$/.test(entry))
			.join(path.delimiter);
	}
	return env;
}

/**
 * Runs a command with a hard time limit in its own process group; collects output.
 * Resolves { code, signal, stdout, stderr, output, timedOut, ms } (never rejects on a non-zero exit).
 */
function run(command, args, options = {}) {
	const { cwd, env, timeoutMs = 120000, input, logFile, onLine, uid, gid } = options;
	const started = Date.now();
	return new Promise((resolve, reject) => {
		let child;
		try {
			child = childProcess.spawn(command, args, {
				cwd,
				env,
				// PostgreSQL refuses to run as root: its tools run as the `postgres` user
				...(uid !== undefined ? { uid, gid } : {}),
				detached: true, // own process group: a timeout kills the whole tree
				stdio: ['pipe', 'pipe', 'pipe'],
			});
		} catch (error) {
			reject(error);
			return;
		}
		trackPid(child.pid);
		const stdout = [];
		const stderr = [];
		const all = [];
		let logStream = null;
		if (logFile) logStream = fs.createWriteStream(logFile, { flags: 'a' });
		const onData = (sink) => (chunk) => {
			sink.push(chunk);
			all.push(chunk);
			if (logStream) logStream.write(chunk);
			if (onLine) for (const line of chunk.toString('utf8').split('\n')) if (line) onLine(line);
		};
		child.stdout.on('data', onData(stdout));
		child.stderr.on('data', onData(stderr));
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child.pid, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			untrackPid(child.pid);
			if (logStream) logStream.end();
			reject(error);
		});
		// 'close' waits for the pipes; if a grandchild in the group still holds them after the
		// command itself exited, kill the group so 'close' can follow.
		let straggler = null;
		child.on('exit', () => {
			straggler = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 3000);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			clearTimeout(straggler);
			untrackPid(child.pid);
			// anything the command left behind in its group goes too
			killGroup(child.pid, 'SIGKILL');
			if (logStream) logStream.end();
			resolve({
				code: timedOut ? null : code,
				signal,
				timedOut,
				stdout: Buffer.concat(stdout).toString('utf8'),
				stderr: Buffer.concat(stderr).toString('utf8'),
				output: Buffer.concat(all).toString('utf8'),
				ms: Date.now() - started,
			});
		});
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

/** A command run() ran did not do its job; the message ends with its last output for diagnosis. */
class CliError extends Error {
	constructor(message, result) {
		super(`${message}\n--- last output ---\n${lastLines(result && result.output, 40)}`);
		this.name = 'CliError';
		this.result = result;
	}
}

/** A free TCP port on 127.0.0.1 (there is a small race between closing and reuse; fine for tests). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

module.exports = {
	run,
	cleanBaseEnv,
	killGroup,
	isAlive,
	trackPid,
	untrackPid,
	onExit,
	cancelOnExit,
	removeOnExit,
	CliError,
	freePort,
};
