'use strict';
// Preloaded into every n8n process of the soak (NODE_OPTIONS=--require=…), beside the clock preload:
// when the number in SOAK_PROBE_FILE changes, the process collects its garbage (a full GC) and writes
// its memory figures to `<file>.<pid>` as JSON { request, rss, heapUsed, heapTotal, external }, so the
// soak reads the heap after GC without an inspector. Nothing else: no timers but one check every 250 ms,
// in the main thread.
const fs = require('node:fs');
const v8 = require('node:v8');
const vm = require('node:vm');

const { isMainThread } = require('node:worker_threads');

const file = process.env.SOAK_PROBE_FILE;

// NODE_OPTIONS preloads run in a process's worker threads too (n8n has some): only the main thread
// answers, or a thread's own small heap would stand for the process's
if (file && isMainThread) {
	let gc;
	try {
		v8.setFlagsFromString('--expose-gc');
		gc = vm.runInNewContext('gc');
	} catch {
		gc = undefined;
	}
	let answered;
	const check = () => {
		let request;
		try {
			request = fs.readFileSync(file, 'utf8').trim();
		} catch {
			return;
		}
		if (request === '' || request === answered) return;
		answered = request;
		if (typeof gc === 'function') gc();
		const memory = process.memoryUsage();
		try {
			fs.writeFileSync(
				`${file}.${process.pid}`,
				JSON.stringify({ request, gc: typeof gc === 'function', rss: memory.rss, heapUsed: memory.heapUsed, heapTotal: memory.heapTotal, external: memory.external }),
			);
		} catch {
			// the soak's folder is gone
		}
	};
	setInterval(check, 250).unref();
}
