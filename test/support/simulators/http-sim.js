'use strict';
/**
 * Shared HTTP core of the ExinOne and Rainbow simulators: a server bound to 127.0.0.1, body parsing
 * (JSON, urlencoded, multipart/form-data), a request log with counters, FIFO fault injection, canned
 * answers, a `Date` header taken from the simulator clock, and `/__sim/*` control endpoints so a
 * simulator running in another process can be driven over HTTP.
 *
 * Canned answers exist beside the simulators' real logic for answers that logic would never give (a
 * shape the service may send, a state hard to reach): a test that only needs such an answer says so
 * in one line instead of building the state.
 */
const http = require('node:http');
const timers = require('node:timers');
const { createClock } = require('./clock');
const { parseMultipart } = require('./multipart');

/** Captured at load so that jest fake timers installed later do not stall injected delays. */
const realSetTimeout = timers.setTimeout;
const realClearTimeout = timers.clearTimeout;
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * @typedef {Object} FaultSpec
 * @property {string} [method]          HTTP method to match (default: any)
 * @property {string|RegExp} [path]     exact path (trailing slash ignored) or RegExp on the path (default: any)
 * @property {string} [pathRegex]       (control endpoint) RegExp source, used when `path` is absent
 * @property {Record<string,string>} [query] only requests whose query has these values (e.g. page 2 of a list)
 * @property {number} [status]          status to answer (default 502 with html, 429 with retryAfter, else 500)
 * @property {*} [body]                 body to answer: object → JSON, string → text/plain
 * @property {boolean} [html]           answer an HTML error page (like a reverse proxy would)
 * @property {number} [delayMs]         wait before answering; alone (no status/body/html/retryAfter/drop)
 *                                      the request then goes on to the normal handler. A fault with
 *                                      none of these options answers the default error (500).
 * @property {number} [retryAfter]      seconds, sets the Retry-After header
 * @property {number} [times]           how many matching requests consume it (default 1; -1 or Infinity: forever)
 * @property {boolean} [dropConnection] destroy the socket without answering
 */

/**
 * @typedef {Object} CannedSpec
 * @property {string} [method]          HTTP method to match (default: any)
 * @property {string|RegExp} [path]     exact path (trailing slash ignored) or RegExp on the path; required
 *                                      unless `pathRegex` is given
 * @property {string} [pathRegex]       (control endpoint) RegExp source, used when `path` is absent
 * @property {number} [status]          default 200
 * @property {*} [body]                 a string is sent as is (text/plain unless `headers` give a type),
 *                                      a Buffer as bytes, anything else as JSON; none: an empty body
 * @property {Record<string,string>} [headers] extra answer headers
 * @property {number} [times]           how many matching requests it answers (default Infinity; -1 too)
 */

/**
 * @typedef {Object} LogEntry
 * @property {string} method
 * @property {string} path
 * @property {Record<string,string>} query
 * @property {Record<string,string|string[]|undefined>} headers lower-case names
 * @property {*} body parsed body (JSON value, form object, or `{fields, files}` summary for multipart)
 * @property {string} rawBody
 * @property {number|null} status 0 when the connection was dropped
 * @property {number} at simulator clock ms at arrival
 * @property {boolean} [faulted] true when an injected fault answered (or dropped) the request
 * @property {boolean} [canned] true when a canned answer answered the request
 * @property {import('./multipart').MultipartResult} [multipart] full multipart parse (with file bytes)
 */

/** @param {string} p */
function normalizePath(p) {
	return p.length > 1 && p.endsWith('/') ? p.replace(/\/+$/, '') || '/' : p;
}

/** @param {number} status */
function htmlErrorPage(status) {
	const text = `${status} ${http.STATUS_CODES[status] || 'Error'}`;
	return `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Tiny path router: patterns like `/v1/mints/:id`; trailing slashes are ignored.
 */
function createRouter() {
	/** @type {{method: string, re: RegExp, keys: string[], fn: (ctx: any) => any}[]} */
	const routes = [];
	return {
		/**
		 * @param {string} method
		 * @param {string} pattern
		 * @param {(ctx: any) => any} fn
		 */
		add(method, pattern, fn) {
			/** @type {string[]} */
			const keys = [];
			const src = normalizePath(pattern)
				.split('/')
				.map((seg) => {
					if (seg.startsWith(':')) {
						keys.push(seg.slice(1));
						return '([^/]+)';
					}
					return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				})
				.join('/');
			routes.push({ method: method.toUpperCase(), re: new RegExp('^' + src + '$'), keys, fn });
		},
		/**
		 * @param {string} method
		 * @param {string} path
		 * @returns {{fn: (ctx: any) => any, params: Record<string,string>} | {methodNotAllowed: true} | null}
		 */
		match(method, path) {
			const p = normalizePath(path);
			let pathMatched = false;
			for (const r of routes) {
				const m = r.re.exec(p);
				if (!m) continue;
				pathMatched = true;
				if (r.method !== method) continue;
				/** @type {Record<string,string>} */
				const params = {};
				r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
				return { fn: r.fn, params };
			}
			return pathMatched ? { methodNotAllowed: true } : null;
		},
	};
}

/**
 * @param {FaultSpec} spec
 */
function normalizeFault(spec) {
	/** @type {any} */
	const f = { ...spec };
	if (f.path === undefined && typeof f.pathRegex === 'string') f.path = new RegExp(f.pathRegex);
	if (f.times === undefined || f.times === null) f.times = 1;
	if (f.times === -1 || f.times === 'always') f.times = Infinity;
	if (!(Number(f.times) > 0)) throw new Error('fault.times must be positive (or -1 for forever)');
	f.times = Number(f.times);
	if (f.method) f.method = String(f.method).toUpperCase();
	return f;
}

/**
 * @param {CannedSpec} spec
 */
function normalizeCanned(spec) {
	/** @type {any} */
	const c = { ...spec };
	if (c.path === undefined && typeof c.pathRegex === 'string') c.path = new RegExp(c.pathRegex);
	if (c.path === undefined || c.path === null || c.path === '') throw new Error('a canned answer needs a path (or pathRegex)');
	if (c.times === undefined || c.times === null || c.times === -1 || c.times === 'always') c.times = Infinity;
	if (!(Number(c.times) > 0)) throw new Error('canned answer times must be positive (or -1 for forever)');
	c.times = Number(c.times);
	c.status = c.status === undefined || c.status === null ? 200 : Number(c.status);
	if (c.method) c.method = String(c.method).toUpperCase();
	c.headers = { ...(c.headers || {}) };
	return c;
}

/**
 * Takes the first rule of `rules` (faults or canned answers, in the order added) that matches the
 * request, counting one use; a rule used up is removed.
 * @param {any[]} rules
 * @param {string} method
 * @param {string} path
 * @param {Record<string,string>} [query]
 */
function takeRule(rules, method, path, query = {}) {
	const idx = rules.findIndex((r) => {
		if (r.method && r.method !== method) return false;
		if (r.query && Object.entries(r.query).some(([k, v]) => query[k] !== String(v))) return false;
		if (r.path === undefined || r.path === null) return true;
		if (r.path instanceof RegExp) return r.path.test(path);
		return normalizePath(String(r.path)) === normalizePath(path);
	});
	if (idx < 0) return null;
	const rule = rules[idx];
	rule.times -= 1;
	if (rule.times <= 0) rules.splice(idx, 1);
	return rule;
}

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
		return { total: requests.length, counts, pendingFaults: faults.length, cannedAnswers: canned.length, clockMs: clock.now() };
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
	 * @returns {Promise<Buffer>}
	 */
	function readBody(req) {
		return new Promise((resolve, reject) => {
			/** @type {Buffer[]} */
			const chunks = [];
			let size = 0;
			req.on('data', (c) => {
				size += c.length;
				if (size > MAX_BODY_BYTES) {
					reject(Object.assign(new Error('request body too large'), { status: 413 }));
					req.destroy();
					return;
				}
				chunks.push(c);
			});
			req.on('end', () => resolve(Buffer.concat(chunks)));
			req.on('error', reject);
		});
	}

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
		const sendRaw = (
			/** @type {number} */ status,
			/** @type {string|Buffer} */ text,
			/** @type {string} */ type,
			/** @type {Record<string,string>} */ extra = {},
		) => {
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
		/** @type {any} */
		let body;
		/** @type {string|undefined} */
		let bodyError;
		/** @type {import('./multipart').MultipartResult|undefined} */
		let multipart;
		if (/multipart\/form-data/i.test(contentType)) {
			try {
				multipart = parseMultipart(raw, contentType);
				body = {
					fields: multipart.fields,
					files: multipart.files.map(({ data, ...f }) => f),
				};
			} catch (/** @type {any} */ e) {
				bodyError = e.message;
			}
		} else if (/application\/x-www-form-urlencoded/i.test(contentType)) {
			body = Object.fromEntries(new URLSearchParams(rawBody));
		} else if (rawBody.trim() !== '') {
			try {
				body = JSON.parse(rawBody);
			} catch {
				body = rawBody;
				bodyError = 'invalid JSON body';
			}
		}

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

		const f = takeRule(faults, method, path, query);
		if (f) {
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

	const sim = { server, url, port: address.port, clock, requests, faults, canned, count, fault, respond, reset, stats, close };
	return sim;
}

module.exports = { startHttpSim, createRouter, parseMultipart, normalizePath, htmlErrorPage };
