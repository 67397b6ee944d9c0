'use strict';
/**
 * NFTRainbow ("Rainbow APIs") simulator: app login and gin-jwt style refresh, plus every open-API path
 * the Rainbow node calls, with in-memory, per-app state.
 */
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { startHttpSim, createRouter } = require('./http-sim');
const { createClock } = require('./clock');
const { signHs256, verifyHs256, bearerFrom } = require('./jwt');
const { createAppState, goTime } = require('./rainbow-state');
const { registerRainbowRoutes } = require('./rainbow-routes');

const LOGIN_FORMATS = ['object', 'envelope', 'bare'];

/**
 * @param {Object} [options]
 * @param {import('./clock').SimClock} [options.clock]
 * @param {number} [options.port]
 * @param {{appId: string, appSecret: string}[]} [options.apps]
 * @param {'object'|'envelope'|'bare'} [options.loginFormat] default 'object'
 * @param {'sliding'|'fixed'} [options.refreshMode] default 'sliding' (gin-jwt: each refresh opens a new window)
 * @param {number} [options.apiValidityMs] default 3600000 (1 h)
 * @param {number} [options.refreshWindowMs] default 18000000 (5 h), counted from the token's orig_iat
 * @param {number} [options.taskSettleMs] default 2000: pending tasks (mint, deploy, transfer, ...) succeed after this
 * @param {boolean} [options.autoSettle] default true; false: mint, transfer and burn tasks created from then on
 *   stay pending (status 0) until settleTask() ends them (contract deploys and other transactions still settle by time)
 * @param {number|null} [options.mintLimit] default null (unlimited): beyond it, mint endpoints answer HTTP 200 {code:60001}
 * @param {boolean} [options.pageBurns] default true: GET /v1/burns pages as burns.md says; false: answers all, as its swagger
 * @param {number|null} [options.rateLimit] default 5 (the free tier): requests per second per app, as a
 *   token bucket of that size refilled at that rate in real time; beyond it HTTP 429 {code:42900}. null: none
 */
async function startRainbowSimulator(options = {}) {
	const clock = options.clock || createClock();
	let loginFormat = options.loginFormat || 'object';
	const refreshMode = options.refreshMode || 'sliding';
	const apiValidityMs = options.apiValidityMs ?? 3600000;
	const refreshWindowMs = options.refreshWindowMs ?? 5 * 3600000;
	const taskSettleMs = options.taskSettleMs ?? 2000;
	const limits = { mintLimit: options.mintLimit ?? null };
	/** Shared with every app's state (autoSettle, read when a task is created) and the burns list. */
	const settings = { autoSettle: options.autoSettle ?? true, pageBurns: options.pageBurns ?? true };
	let rateLimit = options.rateLimit === undefined ? 5 : options.rateLimit;
	/** Per app: tokens left in its bucket and when it was last refilled (performance.now() ms). */
	const buckets = new Map();
	if (!LOGIN_FORMATS.includes(loginFormat)) throw new Error(`loginFormat must be one of ${LOGIN_FORMATS.join(', ')}`);
	if (refreshMode !== 'sliding' && refreshMode !== 'fixed') throw new Error("refreshMode must be 'sliding' or 'fixed'");

	/** @type {Map<string, {secret: string, revoked: boolean, numId: number, state: any}>} */
	const apps = new Map();
	let nextAppNum = 1;
	/** @type {Set<string>} tokens issued and not revoked */
	let activeTokens = new Set();
	const jwtSecret = crypto.randomBytes(32);
	/** @type {any} */
	let core = null;

	/** @param {string} appId @param {string} appSecret */
	function addApp(appId, appSecret) {
		if (typeof appId !== 'string' || !appId || typeof appSecret !== 'string' || !appSecret) throw new Error('addApp: appId and appSecret must be non-empty strings');
		const prev = apps.get(appId);
		if (prev) Object.assign(prev, { secret: appSecret, revoked: false });
		else {
			const numId = nextAppNum++;
			apps.set(appId, { secret: appSecret, revoked: false, numId, state: createAppState(numId, appId, clock, taskSettleMs, settings) });
		}
	}
	/** The app's secret is no longer accepted by /v1/login (tokens already issued stay valid). @param {string} appId */
	function revokeApp(appId) {
		const a = apps.get(appId);
		if (a) a.revoked = true;
	}
	function revokeTokens() {
		activeTokens = new Set();
	}
	/** @param {'object'|'envelope'|'bare'} f */
	function setLoginFormat(f) {
		if (!LOGIN_FORMATS.includes(f)) throw new Error(`loginFormat must be one of ${LOGIN_FORMATS.join(', ')}`);
		loginFormat = f;
	}
	/** @param {number|null} n */
	function setMintLimit(n) {
		limits.mintLimit = n === undefined ? null : n;
	}
	/** @param {number|null} n requests per second per app, or null for no limit */
	function setRateLimit(n) {
		rateLimit = n === undefined ? null : n;
		buckets.clear();
	}
	/** @param {boolean} on false: new mint/transfer/burn tasks stay pending until settleTask() */
	function setAutoSettle(on) {
		if (typeof on !== 'boolean') throw new Error('autoSettle must be true or false');
		settings.autoSettle = on;
	}
	/** @param {boolean} on see options.pageBurns */
	function setBurnPaging(on) {
		if (typeof on !== 'boolean') throw new Error('pageBurns must be true or false');
		settings.pageBurns = on;
	}
	/** @param {string} appId */
	function stateOf(appId) {
		const a = apps.get(appId);
		if (!a) throw new Error(`unknown app ${appId}`);
		return a.state;
	}
	/**
	 * Ends a pending mint, transfer or burn task now: 'success' (status 1, with its effect on the NFT)
	 * or 'failed' (status 2 with `error`, default "execution reverted"). Lists and GET by id show it.
	 * @param {string} appId @param {'mint'|'transfer'|'burn'} kind @param {number} id
	 * @param {'success'|'failed'} outcome @param {string} [error]
	 */
	function settleTask(appId, kind, id, outcome, error) {
		return stateOf(appId).settleTask(kind, id, outcome, error);
	}
	/**
	 * Creates a pending mint, transfer or burn task for the app without a request; it stays pending
	 * (status 0) until settleTask(). Fields (contract, token_id, mint_to, transfer_from, transfer_to,
	 * user, amount, token_uri) default to a seeded testnet contract and its holders.
	 * @param {string} appId @param {'mint'|'transfer'|'burn'} kind @param {Record<string, any>} [fields]
	 */
	function createTask(appId, kind, fields) {
		return stateOf(appId).createTask(kind, fields);
	}
	/** Whether the app may make one more request now (and takes it). @param {string} appId */
	function withinRate(appId) {
		if (rateLimit === null || !apps.has(appId)) return true;
		const now = performance.now();
		const bucket = buckets.get(appId) ?? { tokens: rateLimit, at: now };
		bucket.tokens = Math.min(rateLimit, bucket.tokens + ((now - bucket.at) / 1000) * rateLimit);
		bucket.at = now;
		buckets.set(appId, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}
	/** The app a request is made for: the login's app_id, or the id claim of its bearer token. @param {any} ctx */
	function appOf(ctx) {
		if (ctx.path.replace(/\/+$/, '') === '/v1/login') return ctx.body && typeof ctx.body.app_id === 'string' ? ctx.body.app_id : undefined;
		const token = bearerFrom(ctx.headers);
		const v = token ? verifyHs256(token, jwtSecret) : { ok: false };
		return v.ok ? v.claims.id : undefined;
	}
	for (const a of options.apps || []) addApp(a.appId, a.appSecret);

	/** @param {any} ctx @param {number} status @param {number} code @param {string} message */
	const err = (ctx, status, code, message) => ctx.send(status, { code, message });
	/** @param {any} ctx @param {any} data */
	const ok = (ctx, data) => ctx.send(200, data);

	/** Issues a token and answers in the current login format. @param {any} ctx @param {string} appId @param {number} origIat */
	function issue(ctx, appId, origIat) {
		const nowMs = clock.nowPrecise();
		const expireMs = nowMs + apiValidityMs;
		const token = signHs256({ exp: Math.floor(expireMs / 1000), id: appId, orig_iat: origIat }, jwtSecret);
		activeTokens.add(token);
		const expire = goTime(expireMs);
		if (loginFormat === 'bare') return ok(ctx, token);
		if (loginFormat === 'envelope') return ok(ctx, { code: 0, message: '', data: { token, expire } });
		return ok(ctx, { token, expire });
	}

	/**
	 * @param {any} ctx
	 * @returns {{ ok: true, claims: any } | { ok: false, status: number, code: number, message: string }}
	 */
	function checkToken(ctx) {
		const raw = ctx.headers.authorization;
		if (raw === undefined || raw === '') return { ok: false, status: 401, code: 40101, message: 'auth header is empty' };
		const token = bearerFrom(ctx.headers);
		if (!token) return { ok: false, status: 401, code: 40101, message: 'auth header is invalid' };
		const v = verifyHs256(token, jwtSecret);
		if (!v.ok || typeof v.claims.exp !== 'number' || typeof v.claims.orig_iat !== 'number' || !apps.has(v.claims.id)) {
			return { ok: false, status: 401, code: 40101, message: 'invalid JWT' };
		}
		if (!activeTokens.has(token)) return { ok: false, status: 401, code: 40101, message: 'invalid JWT' };
		return { ok: true, claims: v.claims };
	}

	const router = createRouter();
	router.add('POST', '/v1/login', (/** @type {any} */ ctx) => {
		const b = ctx.body;
		if (ctx.bodyError || !b || typeof b !== 'object' || Array.isArray(b)) return err(ctx, 400, 40000, 'request body must be a JSON object with app_id and app_secret');
		for (const f of ['app_id', 'app_secret']) {
			if (typeof b[f] !== 'string' || b[f] === '') return err(ctx, 400, 40000, `${f} is required`);
		}
		const app = apps.get(b.app_id);
		const good = app && !app.revoked && Buffer.byteLength(app.secret) === Buffer.byteLength(b.app_secret) && crypto.timingSafeEqual(Buffer.from(app.secret), Buffer.from(b.app_secret));
		if (!good) return err(ctx, 401, 40100, 'incorrect app_id or app_secret');
		return issue(ctx, b.app_id, clock.nowSeconds());
	});
	router.add('GET', '/v1/refresh_token', (/** @type {any} */ ctx) => {
		const c = checkToken(ctx);
		if (!c.ok) return err(ctx, c.status, c.code, c.message);
		// gin-jwt: refresh is allowed while orig_iat is inside the refresh window, even when exp has passed
		if (clock.nowPrecise() >= c.claims.orig_iat * 1000 + refreshWindowMs) return err(ctx, 401, 40104, 'token is expired');
		return issue(ctx, c.claims.id, refreshMode === 'sliding' ? clock.nowSeconds() : c.claims.orig_iat);
	});
	registerRainbowRoutes(router, { ok, err, clock, limits, settings, url: () => core.url });

	core = await startHttpSim({
		clock,
		port: options.port,
		errorBody: (status) => ({
			code: status * 100,
			message: status === 429 ? 'too many requests' : status === 404 ? 'not found' : 'internal server error',
		}),
		handler: (ctx) => {
			const m = router.match(ctx.method, ctx.path);
			if (!m) return err(ctx, 404, 40400, `no route for ${ctx.method} ${ctx.path}`);
			if ('methodNotAllowed' in m) return err(ctx, 405, 40500, 'method not allowed');
			ctx.params = m.params;
			const appId = appOf(ctx);
			if (appId !== undefined && !withinRate(appId)) return err(ctx, 429, 42900, 'too many requests');
			const p = ctx.path.replace(/\/+$/, '');
			if (p !== '/v1/login' && p !== '/v1/refresh_token') {
				const c = checkToken(ctx);
				if (!c.ok) return err(ctx, c.status, c.code, c.message);
				if (c.claims.exp * 1000 <= clock.now()) return err(ctx, 401, 40104, 'token is expired');
				ctx.app = /** @type {any} */ (apps.get(c.claims.id)).state;
				ctx.app.settle();
			}
			return m.fn(ctx);
		},
		control: {
			'POST /__sim/apps': ({ body }) => {
				addApp(body && body.appId, body && body.appSecret);
				return { ok: true };
			},
			'POST /__sim/revoke': ({ body }) => {
				if (body && body.appId) revokeApp(body.appId);
				else revokeTokens();
				return { ok: true };
			},
			'POST /__sim/login-format': ({ body }) => {
				setLoginFormat(body && (body.format || body.loginFormat));
				return { ok: true, loginFormat };
			},
			'POST /__sim/rate-limit': ({ body }) => {
				setRateLimit(body && body.rateLimit !== undefined ? body.rateLimit : null);
				return { ok: true, rateLimit };
			},
			'POST /__sim/auto-settle': ({ body }) => {
				setAutoSettle(body && body.autoSettle);
				return { ok: true, autoSettle: settings.autoSettle };
			},
			'POST /__sim/burn-paging': ({ body }) => (setBurnPaging(body && body.pageBurns), { ok: true, pageBurns: settings.pageBurns }),
			'POST /__sim/tasks': ({ body }) => {
				const { appId, kind, ...fields } = body || {};
				return { ok: true, task: createTask(appId, kind, fields) };
			},
			'POST /__sim/tasks/settle': ({ body }) => {
				const b = body || {};
				return { ok: true, task: settleTask(b.appId, b.kind, b.id, b.outcome, b.error) };
			},
			'POST /__sim/mint-limit': ({ body }) => {
				setMintLimit(body && body.mintLimit !== undefined ? body.mintLimit : null);
				return { ok: true, mintLimit: limits.mintLimit };
			},
		},
	});

	return {
		url: core.url,
		baseUrl: core.url,
		port: core.port,
		clock,
		server: core.server,
		requests: core.requests,
		addApp,
		revokeApp,
		revokeTokens,
		setLoginFormat,
		setMintLimit,
		setRateLimit,
		setAutoSettle,
		setBurnPaging,
		settleTask,
		createTask,
		/** per-app in-memory state (contracts, mints, files, ...) @param {string} appId */
		appState: (appId) => (apps.get(appId) || { state: undefined }).state,
		/**
		 * Make matching requests answer HTTP 200 with a non-zero business code (default the mint limit).
		 * @param {{method?: string, path?: string|RegExp, code?: number, message?: string, times?: number}} [o]
		 */
		businessError: (o = {}) => void core.fault({
			method: o.method, path: o.path, times: o.times, status: 200,
			body: { code: o.code ?? 60001, message: o.message ?? 'mint limit exceeded' },
		}),
		count: core.count,
		/** @param {import('./http-sim').FaultSpec} spec */
		fault: (spec) => void core.fault(spec),
		/**
		 * Answer one route with a fixed answer instead of the simulator's logic (see http-sim).
		 * @param {import('./http-sim').CannedSpec} spec
		 */
		respond: (spec) => void core.respond(spec),
		stats: core.stats,
		reset: () => {
			buckets.clear();
			core.reset();
		},
		close: core.close,
	};
}

module.exports = { startRainbowSimulator };
