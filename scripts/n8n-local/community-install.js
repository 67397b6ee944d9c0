'use strict';
// Installs a community package tarball into an n8n user folder the way n8n's Community Nodes
// installer does, so tests and the demo load the package exactly as users get it.

const fs = require('node:fs');
const path = require('node:path');

const { PREFIX } = require('./log');
const { run, CliError } = require('./processes');

async function readTarballManifest(tgz, env) {
	const result = await run('tar', ['-xzOf', tgz, 'package/package.json'], { env, timeoutMs: 60000 });
	if (result.code !== 0) throw new CliError(`could not read package/package.json from ${tgz}`, result);
	return JSON.parse(result.stdout);
}

/**
 * Installs a community package tarball into nodesDir (<userFolder>/.n8n/nodes) like n8n 2.41.1's own
 * installer does (CommunityPackagesService.downloadPackage): unpack into nodesDir/node_modules/<name>,
 * drop dev/peer/optional dependencies from its package.json, `npm install` its dependencies inside it
 * (--ignore-scripts, shallow, no lockfile), and record it in nodesDir/package.json.
 * mode 'npm' instead runs `npm install --legacy-peer-deps <tgz>` in nodesDir (older n8n behaviour).
 * `env` is the environment for npm and tar. Returns { name, version, directory, ms }.
 */
async function installPackageTarball(nodesDir, tgzPath, { env, mode = 'n8n', timeoutMs = 5 * 60 * 1000 } = {}) {
	const started = Date.now();
	const tgz = path.resolve(tgzPath);
	if (!fs.existsSync(tgz)) throw new Error(`${PREFIX} tarball not found: ${tgz}`);
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	const ledger = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(ledger)) {
		fs.writeFileSync(ledger, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const manifest = await readTarballManifest(tgz, env);
	const { name, version } = manifest;
	if (!/^(@[a-z0-9][\w.-]*\/)?n8n-nodes-[\w.-]+$/i.test(name)) {
		throw new Error(`${PREFIX} n8n only loads packages named n8n-nodes-* or @scope/n8n-nodes-*; got "${name}"`);
	}
	const directory = path.join(nodesDir, 'node_modules', ...name.split('/'));
	if (mode === 'npm') {
		const result = await run('npm', ['install', '--legacy-peer-deps', '--no-audit', '--no-fund', '--ignore-scripts', tgz], {
			cwd: nodesDir,
			env,
			timeoutMs,
		});
		if (result.code !== 0) throw new CliError(`npm install --legacy-peer-deps ${tgz} failed`, result);
	} else {
		fs.rmSync(directory, { recursive: true, force: true });
		fs.mkdirSync(directory, { recursive: true });
		const untar = await run('tar', ['-xzf', tgz, '-C', directory, '--strip-components=1'], { cwd: nodesDir, env, timeoutMs: 60000 });
		if (untar.code !== 0) throw new CliError(`tar -xzf ${tgz} failed`, untar);
		const pkgFile = path.join(directory, 'package.json');
		// eslint-disable-next-line no-unused-vars, @typescript-eslint/no-unused-vars
		const { devDependencies, peerDependencies, optionalDependencies, ...kept } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
		fs.writeFileSync(pkgFile, JSON.stringify(kept, null, 2));
		const result = await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ cwd: directory, env, timeoutMs },
		);
		if (result.code !== 0) throw new CliError(`npm install in ${directory} failed`, result);
		const ledgerJson = JSON.parse(fs.readFileSync(ledger, 'utf8'));
		ledgerJson.dependencies = { ...(ledgerJson.dependencies || {}), [name]: version };
		fs.writeFileSync(ledger, JSON.stringify(ledgerJson, null, 2));
	}
	return { name, version, directory, ms: Date.now() - started };
}

module.exports = { installPackageTarball };
