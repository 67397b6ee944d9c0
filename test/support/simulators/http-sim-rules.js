'use strict';
/**
 * The rules of the simulators' shared HTTP core: a tiny path router, and the injected faults and
 * canned answers that take precedence over a route's real logic (FIFO, each used a given number of
 * times).
 */
const http = require('node:http');
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
 * @property {boolean} [lostAnswer]     the request goes on to canned answers or the handler, which does its
 *                                      work; its answer is then lost: the socket is destroyed instead
 *                                      (after `delayMs`, when given: a client with a shorter timeout
 *                                      times out first). The log entry gets status 0, `faulted` and
 *                                      `lostStatus` (the status the handler answered).
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
 * @property {number} [lostStatus] status of the answer a `lostAnswer` fault threw away
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

module.exports = { normalizePath, htmlErrorPage, createRouter, normalizeFault, normalizeCanned, takeRule };
