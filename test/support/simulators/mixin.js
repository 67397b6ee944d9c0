'use strict';
/**
 * Mixin Safe API simulator (the base URL is the server root, like https://api.mixin.one): every request
 * carries a Mixin authentication token verified for real (EdDSA or RS512 session key, `sig` over the
 * method, the request target as sent and the raw body, `scp`, time claims on the simulator clock,
 * single-use `jti`); errors are Mixin's (HTTP 202, `{error:{status:202, code, description}}`).
 * Transfers go through outputs → ghost keys → transaction request → signed submission, checked as the
 * kernel would (mixin-tx.js) against in-memory UTXOs (mixin-state.js), so a test can prove a client
 * never pays twice: each submitted transaction records exactly one payment in the ledger.
 *
 * `reset()` clears the request log, faults, canned answers and rate buckets, like the other
 * simulators, and keeps the Mixin state; `resetState()` clears outputs, ghost keys, requests and
 * payments (users, sessions and assets stay).
 */
const crypto = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { startHttpSim, createRouter } = require('./http-sim');
const { createClock } = require('./clock');
const { bearerFrom, decodeJsonPart } = require('./jwt');
const { createMixinState, membersHash, kernelAssetId, ASSETS, EXINONE_BOT_ID } = require('./mixin-state');
const { MixinError, mixinSdk } = require('./mixin-tx');
const { registerMixinRoutes } = require('./mixin-routes');

const MAX_IAT_SKEW_S = 300;
const MAX_LIFETIME_S = 90 * 86400;
const B64URL_RE = /^[A-Za-z0-9_-]+$/;

/**
 * @param {crypto.KeyObject|Buffer|string|Uint8Array} key KeyObject, PEM, or raw Ed25519 32 bytes (Buffer or hex)
 * @returns {crypto.KeyObject}
 */
function sessionKey(key) {
	if (key instanceof crypto.KeyObject) return key.type === 'private' ? crypto.createPublicKey(key) : key;
	if (typeof key === 'string' && key.includes('-----BEGIN')) return crypto.createPublicKey(key);
	const raw = typeof key === 'string' && /^[0-9a-fA-F]{64}$/.test(key) ? Buffer.from(key, 'hex') : Buffer.isBuffer(key) || key instanceof Uint8Array ? Buffer.from(key) : null;
	if (!raw || raw.length !== 32) throw new Error('sessionPublicKey must be a KeyObject, a PEM, or a 32-byte Ed25519 key (hex)');
	return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/**
 * @typedef {Object} MixinUserSpec
 * @property {string} userId
 * @property {string} [sessionId] a bot that calls the API has a session
 * @property {crypto.KeyObject|Buffer|string} [sessionPublicKey] Ed25519 (hex 32 bytes, KeyObject, PEM) or RSA (KeyObject, PEM)
 * @property {string} [spendPublicKey] hex 32 bytes; default: a random key (the user can receive, not spend)
 * @property {string} [fullName]
 */

/**
 * @param {Object} [options]
 * @param {import('./clock').SimClock} [options.clock]
 * @param {number} [options.port]
 * @param {number|null} [options.rateLimit] requests per second per user (token bucket); default null: none
 * @param {MixinUserSpec[]} [options.users]
 */
async function startMixinSimulator(options = {}) {
	const clock = options.clock || createClock();
	const state = createMixinState(clock);
	/** @type {Map<string, {userId: string, publicKey: crypto.KeyObject, algorithm: string}>} */
	const sessions = new Map();
	const usedJtis = new Set();
	let rateLimit = options.rateLimit ?? null;
	const buckets = new Map();

	/** @param {MixinUserSpec} spec */
	function addUser(spec) {
		const user = state.putUser(spec);
		if (spec.sessionId !== undefined || spec.sessionPublicKey !== undefined) {
			if (!spec.sessionId || !spec.sessionPublicKey) throw new Error('addUser: sessionId and sessionPublicKey go together');
			const publicKey = sessionKey(spec.sessionPublicKey);
			const kind = publicKey.asymmetricKeyType;
			if (kind !== 'ed25519' && kind !== 'rsa') throw new Error(`addUser: unsupported session key type ${kind}`);
			sessions.set(spec.sessionId, { userId: spec.userId, publicKey, algorithm: kind === 'rsa' ? 'RS512' : 'EdDSA' });
		}
		return { userId: user.userId, spendPublicKey: user.spendPublicKey, fullName: user.fullName, identityNumber: user.identityNumber };
	}
	/** @param {number|null} perSecond requests per second per user, null for none */
	function setRateLimit(perSecond) {
		if (perSecond !== null && perSecond !== undefined && !(Number(perSecond) > 0)) throw new Error('rate limit must be a positive number or null');
		rateLimit = perSecond === undefined || perSecond === null ? null : Number(perSecond);
		buckets.clear();
	}
	/** @param {string} key */
	function withinRate(key) {
		if (rateLimit === null) return true;
		const now = performance.now();
		const b = buckets.get(key) ?? { tokens: rateLimit, at: now };
		b.tokens = Math.min(rateLimit, b.tokens + ((now - b.at) / 1000) * rateLimit);
		b.at = now;
		buckets.set(key, b);
		if (b.tokens < 1) return false;
		b.tokens -= 1;
		return true;
	}

	/**
	 * Verifies the request's Mixin authentication token.
	 * @param {any} ctx
	 * @returns {{ ok: true, userId: string, sessionId: string } | { ok: false, reason: string }}
	 */
	function authenticate(ctx) {
		const token = bearerFrom(ctx.headers);
		if (!token) return { ok: false, reason: 'no bearer token' };
		const parts = token.split('.');
		if (parts.length !== 3 || !parts.every((p) => B64URL_RE.test(p))) return { ok: false, reason: 'malformed token' };
		const header = decodeJsonPart(parts[0]);
		const claims = decodeJsonPart(parts[1]);
		if (!header || !claims) return { ok: false, reason: 'malformed token: bad JSON' };
		if (header.alg !== 'EdDSA' && header.alg !== 'RS512') return { ok: false, reason: `unsupported alg: ${String(header.alg)}` };
		const session = typeof claims.sid === 'string' ? sessions.get(claims.sid) : undefined;
		if (!session) return { ok: false, reason: 'unknown session (sid)' };
		if (header.alg !== session.algorithm) return { ok: false, reason: `alg ${header.alg} does not match the session key (${session.algorithm})` };
		if (claims.uid !== session.userId) return { ok: false, reason: 'uid does not match the session' };
		const input = Buffer.from(`${parts[0]}.${parts[1]}`);
		const sig = Buffer.from(parts[2], 'base64url');
		let good = false;
		try {
			good = session.algorithm === 'EdDSA' ? crypto.verify(null, input, session.publicKey, sig) : crypto.verify('sha512', input, session.publicKey, sig);
		} catch {
			good = false;
		}
		if (!good) return { ok: false, reason: 'invalid signature' };
		const expected = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(ctx.method + (ctx.req.url || '')), ctx.rawBuffer])).digest('hex');
		if (claims.sig !== expected) return { ok: false, reason: `sig claim mismatch: expected sha256(${ctx.method} ${ctx.req.url} + body of ${ctx.rawBuffer.length} bytes)` };
		if (claims.scp !== 'FULL') return { ok: false, reason: 'scp must be FULL' };
		const now = clock.nowSeconds();
		if (typeof claims.iat !== 'number') return { ok: false, reason: 'iat missing' };
		if (typeof claims.exp !== 'number') return { ok: false, reason: 'exp missing' };
		if (claims.iat > now + MAX_IAT_SKEW_S) return { ok: false, reason: 'iat is in the future (clock skew)' };
		if (claims.exp <= now) return { ok: false, reason: 'token expired' };
		if (claims.exp - claims.iat > MAX_LIFETIME_S) return { ok: false, reason: 'token lifetime longer than 90 days' };
		if (typeof claims.jti !== 'string' || claims.jti === '') return { ok: false, reason: 'jti missing' };
		if (usedJtis.has(claims.jti)) return { ok: false, reason: 'jti already used (token replay)' };
		usedJtis.add(claims.jti);
		return { ok: true, userId: session.userId, sessionId: claims.sid };
	}

	/** @param {any} ctx @param {number} code @param {string} description @param {number} [http] */
	const fail = (ctx, code, description, http = 202) => ctx.send(http, { error: { status: http === 429 ? 429 : 202, code, description } });
	const router = createRouter();
	registerMixinRoutes(router, state, { ok: (ctx, data) => ctx.send(200, { data }) });

	/** @param {any} p */
	const paymentJson = (p) => ({ ...p, extra: p.extra.toString('hex') });
	/** @param {string} userId */
	const paymentsTo = (userId) => state.payments.filter((p) => p.senderId !== userId && p.outputs.some((/** @type {any} */ o) => o.receiverId === userId));

	const core = await startHttpSim({
		clock,
		port: options.port,
		errorBody: (status) => ({ error: { status: 202, code: status, description: status === 404 ? 'The endpoint is not found.' : 'Internal Server Error' } }),
		handler: async (ctx) => {
			const requestId = ctx.headers['x-request-id'];
			if (typeof requestId === 'string') ctx.res.setHeader('X-Request-Id', requestId);
			const m = router.match(ctx.method, ctx.path);
			if (!m) return fail(ctx, 404, 'The endpoint is not found.');
			if ('methodNotAllowed' in m) return fail(ctx, 404, 'The endpoint is not found.');
			ctx.params = m.params;
			const token = bearerFrom(ctx.headers);
			const claims = token ? decodeJsonPart(token.split('.')[1] || '') : undefined;
			if (!withinRate(claims && typeof claims.uid === 'string' ? claims.uid : 'anonymous')) return fail(ctx, 429, 'Too Many Requests', 429);
			const a = authenticate(ctx);
			if (!a.ok) {
				ctx.entry.authError = a.reason;
				return fail(ctx, 401, 'Unauthorized, maybe invalid token.');
			}
			Object.assign(ctx, { userId: a.userId, sessionId: a.sessionId });
			ctx.entry.userId = a.userId;
			try {
				return await m.fn(ctx);
			} catch (e) {
				if (!(e instanceof MixinError)) throw e;
				ctx.entry.mixinError = { code: e.code, description: e.description };
				return fail(ctx, e.code, e.description, e.httpStatus);
			}
		},
		control: {
			'POST /__sim/mixin/users': ({ body }) => ({ ok: true, user: addUser(body || {}) }),
			'POST /__sim/mixin/deposit': ({ body }) => ({ ok: true, outputs: state.deposit(body || {}) }),
			'GET /__sim/mixin/payments': ({ query }) => ({ payments: (query.to ? paymentsTo(query.to) : state.payments).map(paymentJson) }),
			'GET /__sim/mixin/balance': ({ query }) => ({ balance: state.balance(query.userId, query.assetId) }),
			'GET /__sim/mixin/outputs': ({ query }) => ({ outputs: state.outputs.filter((o) => o.receivers[0] === query.userId) }),
			'POST /__sim/mixin/rate-limit': ({ body }) => (setRateLimit(body && body.perSecond !== undefined ? body.perSecond : null), { ok: true, rateLimit }),
			'POST /__sim/mixin/reset-state': () => (state.clear(), { ok: true }),
		},
	});
	for (const u of options.users || []) addUser(u);

	return {
		url: core.url,
		baseUrl: core.url,
		port: core.port,
		clock,
		server: core.server,
		requests: core.requests,
		/** in-memory Mixin state: users, assets, outputs, ghosts, requests, payments (see mixin-state.js) */
		state,
		addUser,
		/** Registers another asset (precision 8). @param {{asset_id: string, chain_id?: string, symbol?: string, name?: string, price_usd?: string}} a */
		addAsset: (a) => state.addAsset(a),
		/**
		 * Credits `count` unspent outputs of `amount` each (one deposit transaction); the owner can spend them.
		 * @param {{userId: string, assetId: string, amount: string, count?: number, extra?: string|Buffer, senderId?: string, requestId?: string}} d
		 */
		deposit: (d) => state.deposit(d),
		/** The ledger: one entry per submitted transaction `{requestId, transactionHash, senderId, assetId, extra, memo, outputs: [{receiverId, amount}], at}`. */
		payments: state.payments,
		/** Payments with an output to `userId` from someone else (a sender's change is not a payment to itself). */
		paymentsTo,
		/** Decimal string: the sum of the user's unspent outputs of the asset (UUID or kernel id). @param {string} userId @param {string} assetId */
		balance: (userId, assetId) => state.balance(userId, assetId),
		/** Every output the user owns, any state, in sequence order. @param {string} userId */
		outputs: (userId) => state.outputs.filter((o) => o.receivers[0] === userId),
		/** The transaction request by request_id or transaction hash, as GET /safe/transactions/{id} shows it. @param {string} id */
		transaction: (id) => {
			const r = state.requests.get(id) || [...state.requests.values()].find((x) => x.transactionHash === id);
			return r ? state.requestView(r) : undefined;
		},
		/** Calls `listener(payment)` synchronously with each payment recorded; returns an unsubscribe function. @param {(p: any) => void} listener */
		onPayment: (listener) => {
			state.listeners.add(listener);
			return () => void state.listeners.delete(listener);
		},
		setRateLimit,
		resetState: () => state.clear(),
		count: core.count,
		/** @param {import('./http-sim').FaultSpec} spec */
		fault: (spec) => void core.fault(spec),
		/** @param {import('./http-sim').CannedSpec} spec */
		respond: (spec) => void core.respond(spec),
		stats: core.stats,
		reset: () => {
			buckets.clear();
			core.reset();
		},
		close: core.close,
	};
}

module.exports = { startMixinSimulator, membersHash, kernelAssetId, MIXIN_ASSETS: ASSETS, EXINONE_BOT_ID, mixinSdk };
