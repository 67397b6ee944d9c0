'use strict';
// What the soak does to the running queue-mode cluster (scripts/n8n-local/queue.js started it): its
// processes by name and generation, a worker killed and started again, the main process restarted,
// time moved for the n8n processes and the simulators, memory read from each process, and n8n's REST
// API with a new login whenever the session lapsed (the moved clock expires it).

const fs = require('node:fs');
const path = require('node:path');

const { killGroup } = require('../n8n-local/processes');
const { startWorker } = require('../n8n-local/queue');
const { stopServerProcess } = require('../n8n-local/server-process');
const { sleep, waitFor } = require('./log');

/**
 * @param {object} o
 * @param {any} o.cluster       from startQueueCluster
 * @param {any} o.sims          from startSimulators
 * @param {string} o.workDir    holds the clock offset file and the memory probe file
 * @param {Record<string,string>} o.env   the env the cluster was started with
 * @param {(index: number) => Record<string,string>} o.workerEnv
 * @param {number} o.concurrency
 */
function createControl({ cluster, sims, workDir, env, workerEnv, concurrency }) {
	const offsetFile = path.join(workDir, 'offset');
	const probeFile = path.join(workDir, 'probe');
	const slots = cluster.workers.map((handle, index) => ({ index, base: `worker-${index + 1}`, generation: 1, handle, instance: cluster.instances[index + 1] }));
	const main = { generation: 1 };
	const restarted = [];
	let n8nOffset = Number(fs.readFileSync(offsetFile, 'utf8'));
	let probeRequest = 0;
	const label = (base, generation) => (generation === 1 ? base : `${base}#${generation}`);

	const control = {
		offsetFile,
		probeFile,
		/** { name: pid } of the n8n processes running now; a restarted process gets a new name (worker-1#2). */
		processes() {
			const out = { [label('main', main.generation)]: cluster.main.server?.pid };
			for (const slot of slots) out[label(slot.base, slot.generation)] = slot.handle.pid;
			return out;
		},
		workerName(index) {
			return label(slots[index].base, slots[index].generation);
		},
		workerIndexOfPid(pid) {
			const slot = slots.find((s) => s.handle.pid === pid);
			return slot ? slot.index : -1;
		},
		mainName() {
			return label('main', main.generation);
		},
		/** n8n's clock ahead of the real one by this many ms. */
		n8nOffset: () => n8nOffset,

		/** Writes the n8n processes' clock offset and waits until every running process applied it. */
		async setN8nOffset(offset) {
			n8nOffset = offset;
			fs.writeFileSync(`${offsetFile}.tmp`, String(offset));
			fs.renameSync(`${offsetFile}.tmp`, offsetFile);
			await control.clockAcknowledged();
		},
		async clockAcknowledged() {
			const applied = (pid) => {
				try {
					return Number(fs.readFileSync(`${offsetFile}.${pid}`, 'utf8')) === n8nOffset;
				} catch {
					return false;
				}
			};
			const pids = Object.values(control.processes());
			await waitFor(`n8n processes ${pids.join(', ')} to move their clock`, () => (pids.every(applied) ? true : undefined), { timeoutMs: 15000, intervalMs: 25 });
			// the acknowledgement may come from a worker thread of the process (the preload runs there too):
			// its main thread reads the file within its next check (every 100 ms)
			await sleep(150);
		},
		/** Time passes for both sides: the simulators (the services) and the n8n processes. */
		async advance(ms) {
			sims.advance(ms);
			await control.setN8nOffset(n8nOffset + ms);
		},

		/** SIGKILL to the worker's process group (its task runner goes with it). */
		async killWorker(index) {
			const slot = slots[index];
			const name = label(slot.base, slot.generation);
			killGroup(slot.handle.pid, 'SIGKILL');
			await slot.handle.exited;
			return { name, pid: slot.handle.pid, exit: slot.handle.exitInfo };
		},
		/** A worker in the slot of one that is gone: the same user folder and settings, as a supervisor restarts it. */
		async startWorker(index, { timeoutMs = 120000 } = {}) {
			const slot = slots[index];
			const started = Date.now();
			slot.generation += 1;
			const handle = await startWorker(slot.instance, index, { concurrency, env: { ...env, ...workerEnv(index, slot.generation) }, timeoutMs, spawned: restarted });
			slot.handle = handle;
			await control.clockAcknowledged();
			return { name: label(slot.base, slot.generation), pid: handle.pid, readyInMs: Date.now() - started };
		},
		/** The main process stopped (SIGTERM: n8n's graceful shutdown) and started again on the same port. */
		async restartMain({ timeoutMs = 120000 } = {}) {
			const port = cluster.main.server.port;
			const oldPid = cluster.main.server.pid;
			let started = Date.now();
			const exit = await cluster.main.stopServer();
			const stoppedInMs = Date.now() - started;
			started = Date.now();
			main.generation += 1;
			cluster.baseUrl = await cluster.main.start({ port, timeoutMs, env: { SOAK_PROCESS_NAME: label('main', main.generation) } });
			cluster.rest = cluster.main.rest;
			cluster.pids.main = cluster.main.server.pid;
			await cluster.rest.ensureOwner();
			await control.clockAcknowledged();
			return { oldPid, pid: cluster.main.server.pid, exit, stoppedInMs, readyInMs: Date.now() - started };
		},

		/** n8n's REST API; a lapsed session (401) logs in again once. Resolves { status, body, data }. */
		async rest(method, urlPath, body, options) {
			let response = await cluster.rest.request(method, urlPath, body, options);
			if (response.status === 401) {
				await cluster.rest.login();
				response = await cluster.rest.request(method, urlPath, body, options);
			}
			return response;
		},
		async restOk(method, urlPath, body, options) {
			const response = await control.rest(method, urlPath, body, options);
			if (response.status < 200 || response.status >= 300) {
				throw new Error(`${method} ${urlPath} → HTTP ${response.status}: ${typeof response.body === 'string' ? response.body.slice(0, 300) : JSON.stringify(response.body).slice(0, 300)}`);
			}
			return response;
		},

		/**
		 * Each n8n process's memory now: RSS from /proc/<pid>/status, and the heap after a full GC as the
		 * probe preload (probe.js) reports it.
		 */
		async memory() {
			probeRequest += 1;
			fs.writeFileSync(probeFile, String(probeRequest));
			const processes = control.processes();
			const out = {};
			const deadline = Date.now() + 15000;
			for (const [name, pid] of Object.entries(processes)) {
				let probe;
				while (!probe && Date.now() < deadline) {
					try {
						const parsed = JSON.parse(fs.readFileSync(`${probeFile}.${pid}`, 'utf8'));
						if (parsed.request === String(probeRequest)) probe = parsed;
					} catch {
						// not answered yet
					}
					if (!probe) await sleep(100);
				}
				let rssKb;
				try {
					rssKb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
				} catch {
					rssKb = undefined;
				}
				out[name] = {
					pid,
					rssMb: rssKb === undefined ? null : Math.round(rssKb / 102.4) / 10,
					heapAfterGcMb: probe && probe.gc ? Math.round(probe.heapUsed / 104857.6) / 10 : null,
					probeRssMb: probe ? Math.round(probe.rss / 104857.6) / 10 : null,
				};
			}
			return out;
		},

		/** The workers this soak started (stopped here; the cluster stops those it started). */
		async stopRestarted() {
			await Promise.allSettled(restarted.map((handle) => stopServerProcess(handle)));
		},
		/** The log files of every n8n process (main's and each worker's user folder). */
		logFiles() {
			return [path.join(cluster.main.userFolder, 'n8n-start.log'), ...slots.map((slot) => path.join(slot.instance.userFolder, 'n8n-worker.log'))];
		},
	};
	return control;
}

module.exports = { createControl };
