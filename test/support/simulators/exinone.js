'use strict';
/**
 * ExinOne API simulator: Mixin-JWT login at `POST /api/v2/mixin/me`, bearer-protected endpoints, and
 * the public convert endpoints. The Mixin token is verified for real with node:crypto (EdDSA / RS512).
 * Every endpoint validates its parameters as ExinOne's developer docs define them (exinone-validate.js)
 * and answers in their shapes (exinone-routes.js, exinone-state.js); a test creates and settles convert
 * orders with createOrder/settleOrder (or POST /__sim/orders, /__sim/orders/settle).
 */
const crypto = require('node:crypto');
const { startHttpSim, createRouter } = require('./http-sim');
const { createClock } = require('./clock');
const { signHs256, verifyHs256, bearerFrom } = require('./jwt');
const { registerExinOneRoutes } = require('./exinone-routes');
const { createExinOneState } = require('./exinone-state');
const { validate, VALIDATION_CODE } = require('./exinone-validate');
const { createExinOneTransfers } = require('./exinone-transfers');

const EXINONE_AUD = '61103d28-3ac2-44a2-ae34-bd956070dab1';
const ME_SIG = crypto.createHash('sha256').update('GET/me').digest('hex');
const BEARER_TTL_S = 86400;
const MAX_IAT_SKEW_S = 300;
const B64URL_RE = /^[A-Za-z0-9_-]+$/;

/**
 * @typedef {Object} SessionSpec
 * @property {string} userId
 * @property {string} sessionId
 * @property {crypto.KeyObject|Buffer|string} publicKey KeyObject (public or private), Ed25519 raw 32 bytes
 *   (Buffer or hex), or a PEM string (SPKI / PKCS#1 public, or a private PEM)
 * @property {'EdDSA'|'RS512'} [algorithm] default: inferred from the key type
 */

/**
 * @param {crypto.KeyObject|Buffer|string|Uint8Array} key
 * @returns {crypto.KeyObject}
 */
function toPublicKey(key) {
	if (key instanceof crypto.KeyObject) return key.type === 'private' ? crypto.createPublicKey(key) : key;
	if (typeof key === 'string' && key.includes('-----BEGIN')) return crypto.createPublicKey(key);
	/** @type {Buffer|null} */
	let raw = null;
	if (typeof key === 'string' && /^[0-9a-fA-F]{64}$/.test(key.trim())) raw = Buffer.from(key.trim(), 'hex');
	else if (Buffer.isBuffer(key) || key instanceof Uint8Array) raw = Buffer.from(key);
	if (!raw || raw.length !== 32) throw new Error('publicKey must be a KeyObject, a PEM, or a 32-byte Ed25519 key (Buffer or hex)');
	return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
}

/**
 * @param {Object} [options]
 * @param {import('./clock').SimClock} [options.clock]
 * @param {number} [options.port]
 * @param {'http'|'ok200'} [options.errorStatus] 'ok200': every error is sent with HTTP 200 (decide on `success`)
 */
async function startExinOneSimulator(options = {}) {
	const clock = options.clock || createClock();
	let errorStatus = options.errorStatus || 'http';
	/** @type {Map<string, {userId: string, sessionId: string, publicKey: crypto.KeyObject, algorithm: string}>} */
	const sessions = new Map();
	const usedJtis = new Set();
	/** @type {Set<string>} */
	let activeBearers = new Set();
	const bearerSecret = crypto.randomBytes(32);
	/** @type {any} */
	let core = null;
	const state = createExinOneState(clock, () => core.url);
	const transfers = createExinOneTransfers(state, clock);

	// ---- response helpers ----
	/** @param {any} ctx @param {any} data @param {{intCode?: boolean, meta?: any, noTimestamp?: boolean}} [o] */
	const ok = (ctx, data, o = {}) => {
		/** @type {Record<string, any>} */
		const env = { code: o.intCode ? 0 : '0', success: true, message: '', data };
		if (o.meta) env.meta = o.meta;
		if (!o.noTimestamp) env.timestampMs = clock.now();
		ctx.send(200, env);
	};
	/** An error body sent as given, with HTTP 200 in 'ok200' mode. @param {any} ctx @param {number} status @param {any} body */
	const raw = (ctx, status, body) => ctx.send(errorStatus === 'ok200' ? 200 : status, body);
	/** @param {any} ctx @param {number} status @param {string} code @param {string} message @param {any} [data] */
	const fail = (ctx, status, code, message, data = []) => raw(ctx, status, { code, success: false, message, data, timestampMs: clock.now() });
	/**
	 * Laravel's validation error: every failing field's messages in `data`, the first one as `message`.
	 * @param {any} ctx @param {Record<string,string[]>} fields
	 */
	const invalid = (ctx, fields) => fail(ctx, 422, VALIDATION_CODE, Object.values(fields)[0][0], fields);
	/** @param {any} ctx @param {string} message */
	const unauth = (ctx, message) => fail(ctx, 401, '401', message);

	/**
	 * Bearer check for authenticated endpoints; answers 401 itself and returns null on failure.
	 * @param {any} ctx
	 * @returns {{uid: string, sid: string} | null}
	 */
	const auth = (ctx) => {
		const token = bearerFrom(ctx.headers);
		if (!token) return unauth(ctx, 'Unauthenticated.'), null;
		const v = verifyHs256(token, bearerSecret);
		if (!v.ok) return unauth(ctx, 'Unauthenticated.'), null;
		if (typeof v.claims.exp !== 'number' || v.claims.exp <= clock.nowSeconds()) return unauth(ctx, 'token expired'), null;
		if (!activeBearers.has(token)) return unauth(ctx, 'Unauthenticated.'), null;
		return { uid: String(v.claims.uid), sid: String(v.claims.sid) };
	};

	/**
	 * Verifies a Mixin authentication token for ExinOne's login.
	 * @param {unknown} token
	 * @returns {{ ok: true, claims: any } | { ok: false, reason: string }}
	 */
	function verifyMixinToken(token) {
		if (typeof token !== 'string' || token === '') return { ok: false, reason: 'token missing' };
		const parts = token.split('.');
		if (parts.length !== 3) return { ok: false, reason: 'malformed token: expected 3 parts' };
		if (!B64URL_RE.test(parts[0]) || !B64URL_RE.test(parts[1])) return { ok: false, reason: 'malformed token: not base64url' };
		let header, claims;
		try {
			header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		} catch {
			return { ok: false, reason: 'malformed token: bad JSON' };
		}
		if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object') return { ok: false, reason: 'malformed token' };
		if (header.alg !== 'EdDSA' && header.alg !== 'RS512') return { ok: false, reason: `unsupported alg: ${String(header.alg)}` };
		const session = typeof claims.sid === 'string' ? sessions.get(claims.sid) : undefined;
		if (!session) return { ok: false, reason: 'unknown session (sid)' };
		if (header.alg !== session.algorithm) return { ok: false, reason: `alg ${header.alg} does not match the session key (${session.algorithm})` };
		if (claims.uid !== session.userId) return { ok: false, reason: 'uid does not match the session' };
		if (!B64URL_RE.test(parts[2])) return { ok: false, reason: 'invalid signature' };
		const signingInput = Buffer.from(`${parts[0]}.${parts[1]}`);
		const sig = Buffer.from(parts[2], 'base64url');
		let good = false;
		try {
			good = session.algorithm === 'EdDSA'
				? crypto.verify(null, signingInput, session.publicKey, sig)
				: crypto.verify('sha512', signingInput, { key: session.publicKey, padding: crypto.constants.RSA_PKCS1_PADDING }, sig);
		} catch {
			good = false;
		}
		if (!good) return { ok: false, reason: 'invalid signature' };
		if (claims.sig !== ME_SIG) return { ok: false, reason: 'sig claim mismatch: expected sha256("GET/me")' };
		if (claims.aud !== EXINONE_AUD) return { ok: false, reason: 'invalid aud' };
		if (claims.scp !== 'FULL') return { ok: false, reason: 'scp must be FULL' };
		const now = clock.nowSeconds();
		if (typeof claims.iat !== 'number') return { ok: false, reason: 'iat missing' };
		if (claims.iat > now + MAX_IAT_SKEW_S) return { ok: false, reason: 'iat is in the future (clock skew)' };
		if (typeof claims.exp !== 'number') return { ok: false, reason: 'exp missing' };
		if (claims.exp <= now) return { ok: false, reason: 'token expired' };
		if (typeof claims.jti !== 'string' || claims.jti === '') return { ok: false, reason: 'jti missing' };
		if (usedJtis.has(claims.jti)) return { ok: false, reason: 'jti already used (token replay)' };
		usedJtis.add(claims.jti);
		return { ok: true, claims };
	}

	const router = createRouter();
	router.add('POST', '/api/v2/mixin/me', (/** @type {any} */ ctx) => {
		const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {};
		const errors = validate({ ...ctx.query, ...body }, { token: { required: true, type: 'string' } });
		if (errors) return invalid(ctx, errors);
		const v = verifyMixinToken(body.token);
		if (!v.ok) return unauth(ctx, v.reason);
		const iat = clock.nowSeconds();
		const token = signHs256({ uid: v.claims.uid, sid: v.claims.sid, iat, exp: iat + BEARER_TTL_S, jti: crypto.randomUUID() }, bearerSecret);
		activeBearers.add(token);
		return ok(ctx, { token, tokenType: 'Bearer', expiresIn: BEARER_TTL_S });
	});
	registerExinOneRoutes(router, state, { ok, fail, invalid, auth, raw });

	/** @param {SessionSpec} spec */
	function registerSession(spec) {
		if (!spec || !spec.userId || !spec.sessionId) throw new Error('registerSession: userId and sessionId are required');
		const publicKey = toPublicKey(spec.publicKey);
		const kind = publicKey.asymmetricKeyType;
		const algorithm = spec.algorithm || (kind === 'rsa' ? 'RS512' : 'EdDSA');
		if (algorithm !== 'EdDSA' && algorithm !== 'RS512') throw new Error(`registerSession: unsupported algorithm ${algorithm}`);
		if ((algorithm === 'EdDSA' && kind !== 'ed25519') || (algorithm === 'RS512' && kind !== 'rsa')) {
			throw new Error(`registerSession: a ${kind} key cannot be used with ${algorithm}`);
		}
		sessions.set(spec.sessionId, { userId: spec.userId, sessionId: spec.sessionId, publicKey, algorithm });
	}
	function revokeTokens() {
		activeBearers = new Set();
	}
	/** @param {'http'|'ok200'} mode */
	function setErrorStatus(mode) {
		if (mode !== 'http' && mode !== 'ok200') throw new Error("errorStatus must be 'http' or 'ok200'");
		errorStatus = mode;
	}

	core = await startHttpSim({
		clock,
		port: options.port,
		errorBody: (status) => ({
			code: String(status), success: false,
			message: status === 429 ? 'Too Many Attempts.' : status === 404 ? 'Not Found' : 'Server Error',
			data: [], timestampMs: clock.now(),
		}),
		handler: (ctx) => {
			transfers.runDue();
			const m = router.match(ctx.method, ctx.path);
			if (!m) return fail(ctx, 404, '404', 'Not Found');
			if ('methodNotAllowed' in m) return fail(ctx, 405, '405', 'Method Not Allowed');
			ctx.params = m.params;
			return m.fn(ctx);
		},
		control: {
			'POST /__sim/sessions': ({ body }) => {
				const b = body || {};
				registerSession({ userId: b.userId, sessionId: b.sessionId, publicKey: b.publicKeyPem || b.publicKeyHex, algorithm: b.algorithm });
				return { ok: true, sessions: sessions.size };
			},
			'POST /__sim/revoke': () => (revokeTokens(), { ok: true }),
			'POST /__sim/error-status': ({ body }) => (setErrorStatus(body && body.errorStatus), { ok: true, errorStatus }),
			'POST /__sim/orders': ({ body }) => ({ ok: true, order: state.createOrder(body || {}) }),
			'POST /__sim/orders/settle': ({ body }) => {
				const b = body || {};
				return { ok: true, order: state.settleOrder(b.payTraceId, b.outcome, { receiveAmount: b.receiveAmount }) };
			},
			...transfers.control,
		},
	});

	return {
		url: core.url,
		baseUrl: `${core.url}/api/v2`,
		port: core.port,
		clock,
		server: core.server,
		requests: core.requests,
		/** in-memory business state: orders, loans, repayments, balances, transfers, payments */
		state,
		/**
		 * Records a convert order in `trading` (createdAt = the simulator clock), as ExinOne does once a
		 * paying transfer arrives; it shows in /convert/order/detail and, newest first, in the lists.
		 * Without `userId` every user sees it (like the seeded history); with it, only that user.
		 * @param {{payTraceId?: string, payAssetUuid?: string, receiveAssetUuid?: string, payAmount?: string, userId?: string}} [spec]
		 */
		createOrder: (spec) => state.createOrder(spec),
		/**
		 * Settles a trading order: 'success' (done, refundStatus no, receiveAmount filled) or 'refunded'
		 * (done, refundStatus done); updatedAt moves forward.
		 * @param {string} payTraceId @param {'success'|'refunded'} outcome @param {{receiveAmount?: string}} [o]
		 */
		settleOrder: (payTraceId, outcome, o) => state.settleOrder(payTraceId, outcome, o),
		/**
		 * Reads every payment the Mixin simulator records to the ExinOne bot as ExinOne would (memos
		 * EX#CO, FP_DEPOSIT, EPC_AUTH_TRANS, CB, CR, REF_REG; see exinone-transfers.js) and pays back
		 * through it; returns `detach`. `autoSettle`: 'done' | 'refunded' | {outcome, afterMs} | null (default).
		 * @param {any} mixinSim @param {{autoSettle?: any}} [o]
		 */
		attachMixin: (mixinSim, o) => transfers.attach(mixinSim, o),
		/** Reads one payment-shaped record as if the attached Mixin simulator had recorded it. @param {any} payment */
		receiveMixinPayment: (payment) => transfers.receive(payment),
		/** Settles a trading order: 'done' or 'refunded'; a transfer's order is paid back. @param {string} payTraceId @param {'done'|'refunded'} outcome @param {{receiveAmount?: string}} [o] */
		settleOrderByTrace: transfers.settleOrderByTrace,
		setAutoSettle: transfers.setAutoSettle,
		/** 'pending' | 'confirmed' | 'refunded' | undefined @param {string} followId */
		epcTransfer: transfers.epcTransfer,
		/** One record per payment to the bot: `{kind, outcome, requestId, senderId, assetId, amount, memo, reason?, …}`. */
		transferEvents: transfers.events,
		/** The payments kept with a memo ExinOne cannot read (not refunded). */
		unmatchedPayments: transfers.unmatched,
		/** Every deposit ExinOne made to a Mixin wallet: `{kind, userId, assetId, amount, requestId, memo}`. */
		payouts: transfers.payouts,
		/** userId → `{ref, traceId, at}` registered by EX#REF_REG. */
		referrals: transfers.referrals,
		registerSession,
		revokeTokens,
		setErrorStatus,
		count: core.count,
		/** @param {import('./http-sim').FaultSpec} spec */
		fault: (spec) => void core.fault(spec),
		/**
		 * Answer one route with a fixed answer instead of the simulator's logic (see http-sim).
		 * @param {import('./http-sim').CannedSpec} spec
		 */
		respond: (spec) => void core.respond(spec),
		stats: core.stats,
		reset: core.reset,
		close: core.close,
	};
}

module.exports = { startExinOneSimulator, EXINONE_AUD, toPublicKey };
