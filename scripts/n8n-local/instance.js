'use strict';
// One isolated n8n: its own user folder, encryption key, ports and environment, so instances never see
// a user's n8n setup or each other, and nothing of them outlives this process.

const childProcess = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { installPackageTarball } = require('./community-install');
const { PREFIX } = require('./log');
const { run, cleanBaseEnv, killGroup, onExit, cancelOnExit, removeOnExit, CliError, freePort } = require('./processes');
const { isProvisioned } = require('./provision');
const { n8nPaths, runtimeEnv } = require('./runtimes');
const { RestClient } = require('./rest-client');
const { extractRunJson } = require('./run-output');
const { spawnServer, waitHealthy, stopServerProcess } = require('./server-process');

const DEFAULT_ENCRYPTION_KEY = 'n8n-local-e2e-encryption-key-not-secret';

/** Environment prefixes never inherited from the caller: the instance must not see a user's n8n setup. */
const SCRUBBED_PREFIXES = ['N8N_', 'NODE_ENV', 'DB_', 'QUEUE_', 'EXECUTIONS_', 'WEBHOOK_URL', 'NODE_OPTIONS', 'NODE_PATH', 'GENERIC_TIMEZONE'];

/**
 * Base env of every child of an instance: no npm-run exports, no n8n settings, and the runtime's Node
 * first on PATH, because n8n spawns its JS task runner as plain `node` and runs `npm` for packages.
 */
function isolatedEnv() {
	return runtimeEnv(cleanBaseEnv(SCRUBBED_PREFIXES));
}

function randomId() {
	// n8n ids: 16 alphanumerics
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	const bytes = crypto.randomBytes(16);
	return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

class N8nInstance {
	/**
	 * @param {object} [options]
	 * @param {string} [options.userFolder] existing folder to use (kept on stop); default: a fresh temp dir
	 * @param {string} [options.encryptionKey]
	 * @param {Record<string,string>} [options.env] extra env for every n8n process (wins over the defaults)
	 * @param {boolean} [options.keep] keep the user folder on stop()
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
		this.cleanupOnExit = () => {
			if (this.server && this.server.pid) killGroup(this.server.pid, 'SIGKILL');
			if (this.ownsFolder && !this.keep) fs.rmSync(this.userFolder, { recursive: true, force: true });
		};
		onExit(this.cleanupOnExit);
		this.cancelFolderRemoval = this.ownsFolder && !this.keep ? removeOnExit(this.userFolder) : () => undefined;
	}

	/** The isolated environment every n8n process of this instance gets. */
	env(extra = {}) {
		this.ensureBrokerPortSync();
		const base = isolatedEnv();
		return {
			...base,
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
			// what this n8n version needs on these machines (see runtimes.js)
			...this.paths.n8nEnv,
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
	 * Installs a community package tarball into this user folder as n8n's Community Nodes does (see
	 * community-install.js). Options { mode: 'n8n' | 'npm', timeoutMs }; returns { name, version, directory, ms }.
	 */
	async installPackageTarball(tgzPath, options = {}) {
		return installPackageTarball(this.nodesDir, tgzPath, { ...options, env: isolatedEnv() });
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
	 * Starts `n8n start` on 127.0.0.1, waits for /healthz, /healthz/readiness and then a REST route
	 * (/rest/settings). Returns the base URL; `this.rest` is a RestClient for it.
	 */
	async start({ port, timeoutMs = 90000, env = {} } = {}) {
		if (this.server) throw new Error(`${PREFIX} this instance is already started`);
		await this.ensureBrokerPort();
		const listenPort = port || (await freePort());
		const baseUrl = `http://127.0.0.1:${listenPort}`;
		const handle = spawnServer(this.paths.nodeBin, [this.paths.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env({ N8N_PORT: String(listenPort), N8N_LISTEN_ADDRESS: '127.0.0.1', ...env }),
			logFile: path.join(this.userFolder, 'n8n-start.log'),
		});
		this.server = Object.assign(handle, { port: listenPort, baseUrl });
		try {
			// /healthz answers as soon as the HTTP server listens; /healthz/readiness once the database is
			// migrated, which in n8n 1.x is before the REST routes are registered: /rest/settings says they are.
			[handle.healthMs, handle.readyMs] = await waitHealthy(handle, [`${baseUrl}/healthz`, `${baseUrl}/healthz/readiness`, `${baseUrl}/rest/settings`], {
				timeoutMs,
				label: 'n8n start',
			});
		} catch (error) {
			await this.stopServer();
			throw error;
		}
		this.rest = new RestClient(baseUrl);
		return baseUrl;
	}

	/** Server log lines so far (ring buffer). */
	serverLog() {
		return this.server ? this.server.lines.slice() : [];
	}

	async stopServer({ timeoutMs = 20000 } = {}) {
		const server = this.server;
		if (!server) return null;
		this.server = null;
		this.rest = null;
		return stopServerProcess(server, { timeoutMs });
	}

	/** Stops the server (if any) and removes the temp user folder unless `keep`. Idempotent. */
	async stop() {
		if (this.stopped) return;
		this.stopped = true;
		await this.stopServer();
		cancelOnExit(this.cleanupOnExit);
		this.cancelFolderRemoval();
		if (this.ownsFolder && !this.keep) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

function createInstance(options = {}) {
	return new N8nInstance(options);
}

module.exports = { DEFAULT_ENCRYPTION_KEY, N8nInstance, createInstance };
