'use strict';
/**
 * Shared HTTP core of the ExinOne and Rainbow simulators: a server bound to 127.0.0.1, body parsing
 * (JSON, urlencoded, multipart/form-data), a request log with counters, FIFO fault injection, canned
 * answers, a `Date` header taken from the simulator clock, and `/__sim/*` control endpoints so a
 * simulator running in another process can be driven over HTTP. A `down` switch takes the whole
 * service out (every request answered 503, or its connection closed unanswered) until switched back.
 *
 * Canned answers exist beside the simulators' real logic for answers that logic would never give (a
 * shape the service may send, a state hard to reach): a test that only needs such an answer says so
 * in one line instead of building the state.
 */
const http = require('node:http');
const timers = require('node:timers');
const { createClock } = require('./clock');
const { parseMultipart } = require('./multipart');
const { readBody, parseBody } = require('./http-body');
const { normalizePath, htmlErrorPage, createRouter, normalizeFault, normalizeCanned, takeRule } = require('./http-sim-rules');

/** Captured at load so that jest fake timers installed later do not stall injected delays. */
const realSetTimeout = timers.setTimeout;
const realClearTimeout = timers.clearTimeout;

/**
 * @param {Object} opts
 * @param {import('./clock').SimClock} [opts.clock]
 * @param {number} [opts.port]
 * @param {(ctx: any) => (void|Promise<void>)} opts.handler
 * @param {Record<string, (ctx: any) => any>} [opts.control] extra control endpoints, keyed "METHOD /__sim/x"
 * @param {(status: number) => any} [opts.errorBody] body of an injected fault / internal error without `body`
 */
async function startHttpSim(opts) {
	const clock = opts.clock || createClock();
	/** @type {LogEntry[]} */
	const requests = [];
	/** @type {any[]} */
	const faults = [];
	/** @type {any[]} */
	const canned = [];
	/** @type {Set<import('node:net').Socket>} */
	const sockets = new Set();
	/** @type {Set<{timer: any, resolve: () => void}>} */
	const sleepers = new Set();
	const errorBody = opts.errorBody || ((status) => ({ message: http.STATUS_CODES[status] || 'error' }));
	let closed = false;
	/** While set, the service is out: see down(). @type {null | {status: number, html: boolean, refuse: boolean}} */
	let outage = null;

	/** @param {number} ms */
	function sleep(ms) {
		return new Promise((resolve) => {
			/** @type {{timer: any, resolve: () => void}} */
			const s = { timer: null, resolve: () => resolve(undefined) };
			s.timer = realSetTimeout(() => {
				sleepers.delete(s);
				resolve(undefined);
			}, ms);
			sleepers.add(s);
		});
	}

	/**
	 * @param {string|null|undefined} method
	 * @param {string|RegExp} [pathOrRegex]
	 */
	function count(method, pathOrRegex) {
		const m = method && method !== '*' ? method.toUpperCase() : null;
		return requests.filter((r) => {
			if (m && r.method !== m) return false;
			if (pathOrRegex === undefined || pathOrRegex === null) return true;
			if (pathOrRegex instanceof RegExp) return pathOrRegex.test(r.path);
			return normalizePath(r.path) === normalizePath(pathOrRegex);
		}).length;
	}

	/** @param {FaultSpec} spec */
	function fault(spec) {
		faults.push(normalizeFault(spec || {}));
		return sim;
	}

	/**
	 * Answers matching requests with a fixed answer instead of the simulator's own logic, its token
	 * check included (a pending fault still comes first); logged and counted like every request, until
	 * used `times` times or `reset()`.
	 * @param {CannedSpec} spec
	 */
	function respond(spec) {
		canned.push(normalizeCanned(spec || {}));
		return sim;
	}

	/**
	 * Takes the whole service out until `down(false)`: every request (but the /__sim control endpoints)
	 * is logged with `down: true` and answered `status` (default 503; `html`: a proxy's error page), or,
	 * with `refuse`, its connection is closed unanswered. Faults and canned answers wait meanwhile.
	 * @param {false|null|{status?: number, html?: boolean, refuse?: boolean}} [spec] default: a 503
	 */
	function down(spec = {}) {
		if (spec === false || spec === null) outage = null;
		else {
			const status = spec.status === undefined ? 503 : Number(spec.status);
			if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error('down: status must be an HTTP error status');
			outage = { status, html: Boolean(spec.html), refuse: Boolean(spec.refuse) };
		}
		return sim;
	}

	function reset() {
		requests.length = 0;
		faults.length = 0;
		canned.length = 0;
	}

	function stats() {
		/** @type {Record<string, number>} */
		const counts = {};
		for (const r of requests) {
			const key = `${r.method} ${r.path}`;
			counts[key] = (counts[key] || 0) + 1;
		}
		return { total: requests.length, counts, pendingFaults: faults.length, cannedAnswers: canned.length, clockMs: clock.now(), down: outage !== null };
	}

	/** @type {Record<string, (ctx: any) => any>} */
	const control = {
		'POST /__sim/clock': ({ body }) => {
			if (body && body.setMs !== undefined) clock.set(Number(body.setMs));
			if (body && body.advanceMs !== undefined) clock.advance(Number(body.advanceMs));
			return { nowMs: clock.now() };
		},
		'GET /__sim/clock': () => ({ nowMs: clock.now() }),
		'POST /__sim/fault': ({ body }) => {
			fault(body || {});
			return { ok: true, pendingFaults: faults.length };
		},
		'POST /__sim/down': ({ body }) => {
			down(body && body.down === false ? false : body || {});
			return { ok: true, down: outage !== null };
		},
		'POST /__sim/respond': ({ body }) => {
			respond(body || {});
			return { ok: true, cannedAnswers: canned.length };
		},
		'GET /__sim/stats': () => stats(),
		'GET /__sim/requests': () => ({ requests: requests.map(({ multipart, ...rest }) => rest) }),
		'POST /__sim/reset': () => {
			reset();
			return { ok: true };
		},
		...(opts.control || {}),
	};

	/**
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 */
	async function onRequest(req, res) {
		const at = clock.now();
		const url = new URL(req.url || '/', 'http://127.0.0.1');
		const method = (req.method || 'GET').toUpperCase();
		const path = url.pathname;
		/** @type {Record<string,string>} */
		const query = {};
		for (const [k, v] of url.searchParams) query[k] = v;
		const headers = /** @type {Record<string, any>} */ ({ ...req.headers });
		const contentType = String(headers['content-type'] || '');

		/** @type {LogEntry|null} */
		let entry = null;
		const send = (/** @type {number} */ status, /** @type {any} */ payload, /** @type {Record<string,string>} */ extra = {}) => {
			const text = payload === undefined ? '' : JSON.stringify(payload);
			sendRaw(status, text, 'application/json; charset=utf-8', extra);
		};
		/** A `lostAnswer` fault taken for this request: the handler runs, its answer never reaches the client. */
		/** @type {any} */
		let lost = null;
		const sendRaw = (
			/** @type {number} */ status,
			/** @type {string|Buffer} */ text,
			/** @type {string} */ type,
			/** @type {Record<string,string>} */ extra = {},
		) => {
			if (lost && entry) {
				Object.assign(entry, { status: 0, faulted: true, lostStatus: status });
				const drop = () => req.socket.destroy();
				if (lost.delayMs > 0) sleep(lost.delayMs).then(drop);
				else drop();
				return;
			}
			if (entry) entry.status = status;
			if (res.headersSent || res.destroyed || res.writableEnded) return;
			res.setHeader('Date', new Date(clock.now()).toUTCString());
			for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
			if (text !== '' && text !== undefined) res.setHeader('Content-Type', type);
			res.statusCode = status;
			res.end(text);
		};

		let raw;
		try {
			raw = await readBody(req);
		} catch (/** @type {any} */ e) {
			sendRaw(e.status || 400, JSON.stringify(errorBody(e.status || 400)), 'application/json; charset=utf-8');
			return;
		}
		const rawBody = raw.toString('utf8');
		const { body, bodyError, multipart } = parseBody(raw, contentType);

		const ctx = { req, res, method, path, query, headers, contentType, body, bodyError, rawBody, rawBuffer: raw, multipart, send, sendRaw, clock, entry: /** @type {LogEntry|null} */ (null) };

		if (path.startsWith('/__sim/')) {
			const fn = control[`${method} ${normalizePath(path)}`];
			if (!fn) return send(404, { message: `unknown control endpoint ${method} ${path}` });
			try {
				const result = await fn(ctx);
				return send(200, result === undefined ? { ok: true } : result);
			} catch (/** @type {any} */ e) {
				return send(e.status || 400, { message: e.message });
			}
		}

		entry = { method, path, query, headers, body, rawBody, status: null, at };
		if (multipart) entry.multipart = multipart;
		ctx.entry = entry;
		requests.push(entry);

		if (outage) {
			entry.down = true;
			entry.faulted = true;
			if (outage.refuse) {
				entry.status = 0;
				req.socket.destroy();
				return;
			}
			if (outage.html) return sendRaw(outage.status, htmlErrorPage(outage.status), 'text/html');
			return send(outage.status, errorBody(outage.status));
		}

		const f = takeRule(faults, method, path, query);
		if (f && f.lostAnswer) lost = f;
		else if (f) {
			if (f.delayMs > 0) await sleep(f.delayMs);
			if (closed) return;
			const responds =
				f.status !== undefined || f.body !== undefined || f.html || f.retryAfter !== undefined || !(f.delayMs > 0);
			if (f.dropConnection) {
				entry.status = 0;
				entry.faulted = true;
				req.socket.destroy();
				return;
			}
			if (responds) {
				entry.faulted = true;
				const status = Number(f.status || (f.html ? 502 : f.retryAfter !== undefined ? 429 : 500));
				/** @type {Record<string,string>} */
				const extra = f.retryAfter !== undefined ? { 'Retry-After': String(f.retryAfter) } : {};
				if (f.html) return sendRaw(status, htmlErrorPage(status), 'text/html', extra);
				if (typeof f.body === 'string') return sendRaw(status, f.body, 'text/plain; charset=utf-8', extra);
				return send(status, f.body !== undefined ? f.body : errorBody(status), extra);
			}
		}

		const answer = takeRule(canned, method, path);
		if (answer) {
			entry.canned = true;
			const headers = /** @type {Record<string,string>} */ ({});
			let type;
			for (const [k, v] of Object.entries(answer.headers)) {
				if (k.toLowerCase() === 'content-type') type = String(v);
				else headers[k] = String(v);
			}
			if (answer.body === undefined) return sendRaw(answer.status, '', '', headers);
			if (Buffer.isBuffer(answer.body)) return sendRaw(answer.status, answer.body, type || 'application/octet-stream', headers);
			if (typeof answer.body === 'string') return sendRaw(answer.status, answer.body, type || 'text/plain; charset=utf-8', headers);
			return sendRaw(answer.status, JSON.stringify(answer.body), type || 'application/json; charset=utf-8', headers);
		}

		try {
			await opts.handler(ctx);
			if (!res.writableEnded && !res.destroyed && entry.status === null) send(404, errorBody(404));
		} catch (/** @type {any} */ e) {
			// eslint-disable-next-line no-console
			if (process.env.SIM_DEBUG) console.error(e);
			send(500, errorBody(500));
		}
	}

	const server = http.createServer((req, res) => {
		onRequest(req, res).catch(() => {
			if (!res.writableEnded && !res.destroyed) {
				res.statusCode = 500;
				res.end();
			}
		});
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port || 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${address.port}`;

	async function close() {
		if (closed) return;
		closed = true;
		for (const s of sleepers) {
			realClearTimeout(s.timer);
			s.resolve();
		}
		sleepers.clear();
		const done = new Promise((resolve) => server.close(() => resolve(undefined)));
		if (typeof server.closeAllConnections === 'function') server.closeAllConnections();
		for (const s of sockets) s.destroy();
		await done;
	}

	const sim = { server, url, port: address.port, clock, requests, faults, canned, count, fault, respond, down, isDown: () => outage !== null, reset, stats, close };
	return sim;
}

module.exports = { startHttpSim, createRouter, parseMultipart, normalizePath, htmlErrorPage };
