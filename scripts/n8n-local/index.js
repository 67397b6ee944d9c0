'use strict';
// A reusable, isolated, local n8n (2.41.1, or 1.123.81 with N8N_LOCAL_N8N=1) for end-to-end tests and
// demos (plain CommonJS on the machine's Node 20, node: built-ins only). Each job lives in its own module:
//   runtimes.js    the n8n versions and what each needs (Node 24 for 2.x, the machine's Node for 1.x)
//   provision.js   installs the selected n8n once into a cache folder (lock.js guards it)
//   processes.js   running commands and killing, on exit, every process group started here
//                  (reaper.js does it when exit handlers cannot run, as under jest)
//   instance.js    an isolated n8n (community-install.js installs a package into it;
//                  server-process.js runs and watches its long-running processes)
//   services.js    Redis and PostgreSQL from Debian's packages, for queue mode
//   apt.js         installing such Debian packages when they are missing
//   queue.js       n8n in queue mode: a main process and workers on those services
//   rest-client.js n8n's REST API, as the editor uses it
//   run-output.js  the run JSON printed by `n8n execute`
//   cli.js         the command line (`provision`, `paths`)

const { isProvisioned, provision } = require('./provision');
const { n8nPaths, selectedRuntime } = require('./runtimes');
const { DEFAULT_ENCRYPTION_KEY, N8nInstance, createInstance } = require('./instance');
const { DEFAULT_OWNER, RestClient, httpRequest } = require('./rest-client');
const { extractRunJson, runItems, runError } = require('./run-output');
const { freePort, run, cleanBaseEnv, removeOnExit } = require('./processes');
const { startQueueServices } = require('./services');
const { aptInstall } = require('./apt');
const { startQueueCluster } = require('./queue');

module.exports = {
	selectedRuntime,
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
	removeOnExit,
	startQueueServices,
	aptInstall,
	startQueueCluster,
};
