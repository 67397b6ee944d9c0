'use strict';
// n8n's queue mode as users run it: one main process (`n8n start`: editor, REST, webhooks, enqueues
// jobs) and several workers (`n8n worker`: run the jobs), sharing Redis, PostgreSQL and the encryption
// key. Each process is its own isolated instance with its own user folder, into which the package is
// installed the way Community Nodes installs it: a worker runs jobs only with node types it has on its
// own disk.

const fs = require('node:fs');
const path = require('node:path');

const { log, seconds } = require('./log');
const { freePort } = require('./processes');
const { DEFAULT_ENCRYPTION_KEY, createInstance } = require('./instance');
const { spawnServer, waitHealthy, stopServerProcess } = require('./server-process');

/** Starts worker `index` of a cluster in `instance`'s user folder (also to restart one in its slot); ready when healthy. */
async function startWorker(instance, index, { concurrency, env, timeoutMs, spawned }) {
	await instance.ensureBrokerPort();
	const port = await freePort();
	const handle = spawnServer(instance.paths.nodeBin, [instance.paths.n8nBin, 'worker', `--concurrency=${concurrency}`], {
		cwd: instance.userFolder,
		env: instance.env({
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(port),
			// the health server listens on every interface unless told otherwise
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...env,
		}),
		logFile: path.join(instance.userFolder, 'n8n-worker.log'),
	});
	const worker = Object.assign(handle, { index, port, healthUrl: `http://127.0.0.1:${port}/healthz/readiness` });
	spawned.push(worker);
	[worker.readyMs] = await waitHealthy(worker, [worker.healthUrl], { timeoutMs, label: `n8n worker ${index + 1}` });
	return worker;
}

/**
 * Starts main + `workers` workers on the given services ({ env } from services.js). Before any of them
 * starts, `credentials` are imported (which also migrates the shared database, so that the processes
 * do not race to migrate it). Options:
 *   tarball       the packed package, installed into every user folder
 *   env           extra env of every process (wins over the queue settings)
 *   workerEnv     (index) => extra env of one worker
 * Returns { main, instances (main's first), workers (their processes), baseUrl, rest, pids, stop() };
 * `rest` is logged in as the owner.
 */
async function startQueueCluster(options) {
	const { tarball, services, credentials = [], workers: workerCount = 2, concurrency = 10, env = {}, workerEnv = () => ({}), timeoutMs = 120000 } = options;
	const encryptionKey = options.encryptionKey || DEFAULT_ENCRYPTION_KEY;
	const sharedEnv = { EXECUTIONS_MODE: 'queue', ...services.env, ...env };
	const main = createInstance({ encryptionKey, env: sharedEnv });
	const instances = [main];
	const cluster = { main, instances, workers: [], baseUrl: null, rest: null, pids: {} };
	const spawnedWorkers = [];
	cluster.stop = async () => {
		// workers first: a worker that loses its main mid-job only logs errors, but n8n's graceful
		// shutdown waits for running jobs
		await Promise.allSettled(spawnedWorkers.map((worker) => stopServerProcess(worker)));
		await Promise.allSettled(instances.map((instance) => instance.stop()));
		log('n8n main and workers stopped, their user folders removed');
	};
	try {
		for (let i = 0; i < workerCount; i++) instances.push(createInstance({ encryptionKey, env: sharedEnv }));
		let started = Date.now();
		const installs = await Promise.all(instances.map((instance) => instance.installPackageTarball(tarball)));
		log(`${installs[0].name}@${installs[0].version} installed as Community Nodes does into ${instances.length} user folders (${seconds(Date.now() - started)})`);

		if (credentials.length) {
			started = Date.now();
			await main.importCredentials(credentials);
			// the import file holds the secrets in plain text; n8n has them encrypted now
			fs.rmSync(path.join(main.userFolder, 'imports'), { recursive: true, force: true });
			log(`${credentials.length} credentials imported into PostgreSQL, database migrated (${seconds(Date.now() - started)})`);
		}

		started = Date.now();
		// settle all before judging, so that nothing is still starting while a failure stops the rest
		const outcomes = await Promise.allSettled([
			main.start({ timeoutMs }),
			...instances.slice(1).map((instance, index) => startWorker(instance, index, { concurrency, env: workerEnv(index), timeoutMs, spawned: spawnedWorkers })),
		]);
		const failed = outcomes.find((outcome) => outcome.status === 'rejected');
		if (failed) throw failed.reason;
		const [baseUrl, ...workers] = outcomes.map((outcome) => outcome.value);
		cluster.baseUrl = baseUrl;
		cluster.workers = workers;
		cluster.pids = { main: main.server.pid, workers: workers.map((worker) => worker.pid) };
		log(`main ready at ${baseUrl} (pid ${main.server.pid}, ${seconds(main.server.readyMs)}); ${workers.length} workers ready (pids ${cluster.pids.workers.join(', ')}; ${workers.map((w) => seconds(w.readyMs)).join(', ')}); ${seconds(Date.now() - started)} in all`);

		cluster.rest = main.rest;
		await cluster.rest.ensureOwner();
		log('owner set up and logged in');
	} catch (error) {
		await cluster.stop();
		throw error;
	}
	return cluster;
}

module.exports = { startQueueCluster, startWorker };
