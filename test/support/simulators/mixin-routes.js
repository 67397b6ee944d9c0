'use strict';
/**
 * The Mixin Safe API routes of the Mixin simulator (the caller is authenticated by mixin.js): profile,
 * outputs, ghost keys, transaction requests and submissions, assets. Shapes follow bot-api-go-client
 * (`Output`, `SequencerTransactionRequest`, `GhostKeys`, `UserMeView`) and the developer docs.
 */
const { decodeRaw, validate, verifySignatures, MixinError, invalid } = require('./mixin-tx');
const { membersHash, UUID_RE } = require('./mixin-state');

const STATES = ['unspent', 'signed', 'spent'];

/**
 * @param {any} router
 * @param {ReturnType<import('./mixin-state').createMixinState>} state
 * @param {{ ok: (ctx: any, data: any) => void }} h
 */
function registerMixinRoutes(router, state, h) {
	/** Wraps a route so a thrown MixinError answers as one. @param {(ctx: any) => any} fn */
	const route = (fn) => (/** @type {any} */ ctx) => {
		if (ctx.bodyError) throw new MixinError(400, 'The request body can’t be parsed as valid data.');
		return h.ok(ctx, fn(ctx));
	};
	/** @param {any} body @param {string} what */
	const arrayBody = (body, what) => {
		if (!Array.isArray(body) || body.length === 0) throw invalid(`body must be a non-empty array of ${what}`);
		if (body.length > 256) throw invalid('body: more than 256 entries');
		return body;
	};

	/** `UserMeView` (bot-api-go-client user.go; docs `_resp.safe.me.md`). @param {any} ctx */
	const me = (ctx) => {
		const u = /** @type {any} */ (state.users.get(ctx.userId));
		return {
			type: 'user', user_id: u.userId, identity_number: u.identityNumber, phone: '', full_name: u.fullName, biography: '',
			avatar_url: '', relationship: 'ME', mute_until: '0001-01-01T00:00:00Z', created_at: u.createdAt, is_verified: false,
			app_id: u.userId, code_id: '', code_url: '', features: [], has_safe: true, session_id: ctx.sessionId, device_status: '',
			has_pin: true, receive_message_source: 'EVERYBODY', accept_conversation_source: 'EVERYBODY', accept_search_source: 'EVERYBODY',
			fiat_currency: 'USD', transfer_notification_threshold: 0, transfer_confirmation_threshold: 0, pin_token_base64: '',
			salt_base64: '', tip_key_base64: '', tip_counter: 1, has_emergency_contact: false,
		};
	};
	router.add('GET', '/me', route(me));
	router.add('GET', '/safe/me', route(me));

	router.add('GET', '/safe/outputs', route((ctx) => {
		const q = ctx.query;
		if (q.members === undefined) {
			if (q.threshold !== undefined && q.threshold !== '1') throw invalid('threshold');
		} else {
			if (!/^[0-9a-f]{64}$/.test(q.members)) throw invalid('members');
			if (q.threshold === undefined || !/^[1-9]\d?$/.test(q.threshold)) throw invalid('threshold');
			if (q.members !== membersHash([ctx.userId])) throw new MixinError(403, 'Forbidden: members must be the caller');
			if (q.threshold !== '1') throw invalid('threshold: the members hash is of one member');
		}
		if (q.state !== undefined && !STATES.includes(q.state)) throw invalid('state');
		if (q.order !== undefined && q.order !== 'ASC' && q.order !== 'DESC') throw invalid('order');
		const limit = q.limit === undefined ? 500 : Number(q.limit);
		if (!/^\d+$/.test(q.limit ?? '500') || limit < 1 || limit > 500) throw invalid('limit');
		if (q.offset !== undefined && !/^\d+$/.test(q.offset)) throw invalid('offset');
		const offset = Number(q.offset || 0);
		const desc = q.order === 'DESC';
		let list = state.outputs.filter(
			(o) => o.receivers[0] === ctx.userId && (!q.state || o.state === q.state) && (!q.asset || o.asset_id === q.asset || o.kernel_asset_id === q.asset),
		);
		// offset is a sequence, inclusive: from it upwards (ASC), or from it downwards (DESC)
		if (offset > 0) list = list.filter((o) => (desc ? o.sequence <= offset : o.sequence >= offset));
		if (desc) list = list.reverse();
		return list.slice(0, limit);
	}));

	router.add('POST', '/safe/keys', route((ctx) =>
		arrayBody(ctx.body, 'ghost key requests').map((/** @type {any} */ r, /** @type {number} */ i) => {
			if (!r || typeof r !== 'object' || !Array.isArray(r.receivers) || r.receivers.length === 0) throw invalid(`[${i}].receivers`);
			if (r.receivers.length !== 1) throw invalid(`[${i}].receivers: only one receiver per key is supported by the simulator`);
			if (!Number.isInteger(r.index) || r.index < 0 || r.index > 1023) throw invalid(`[${i}].index`);
			if (typeof r.hint !== 'string' || !UUID_RE.test(r.hint)) throw invalid(`[${i}].hint`);
			const receiver = r.receivers[0];
			if (!state.users.has(receiver)) throw new MixinError(10404, `The user ${receiver} is not registered with the Sequencer.`);
			return state.ghostKey(r.hint, r.index, receiver);
		}),
	));

	/** @param {any} r @param {number} i */
	const requestEntry = (r, i) => {
		if (!r || typeof r !== 'object' || typeof r.request_id !== 'string' || !UUID_RE.test(r.request_id)) throw invalid(`[${i}].request_id`);
		if (typeof r.raw !== 'string') throw invalid(`[${i}].raw`);
		return r;
	};
	/** @param {any[]} list */
	const noRepeats = (list) => {
		if (new Set(list.map((r) => r.request_id)).size !== list.length) throw invalid('request_id repeated in the body');
		return list;
	};

	router.add('POST', '/safe/transaction/requests', route((ctx) => {
		const list = noRepeats(arrayBody(ctx.body, 'transaction requests').map(requestEntry));
		/** @type {any[]} */
		const answers = [];
		for (const r of list) {
			const existing = state.requests.get(r.request_id);
			if (existing && existing.userId !== ctx.userId) throw invalid(`request_id ${r.request_id} is used by another user`);
			if (existing && existing.state !== 'unspent') {
				answers.push({ existing });
				continue;
			}
			const d = decodeRaw(r.raw);
			if (d.signatureMaps.length) throw invalid(`raw of ${r.request_id} must be unsigned`);
			const checked = validate(state, ctx.userId, d);
			for (const other of state.requests.values()) {
				if (other.transactionHash === d.hash && other.requestId !== r.request_id) throw invalid(`transaction ${d.hash} is already requested as ${other.requestId}`);
			}
			answers.push({ r, d, checked });
		}
		return answers.map((a) => {
			if (a.existing) return state.requestView(a.existing);
			const { r, d, checked } = a;
			const prev = state.requests.get(r.request_id);
			const now = state.iso();
			const toOthers = checked.outputs.filter((o) => state.ghosts.get(o.key)?.receiver !== ctx.userId).reduce((s, o) => s + o.units, 0n);
			const rec = {
				requestId: r.request_id, userId: ctx.userId, transactionHash: d.hash, asset: checked.asset, amount: toOthers || checked.total,
				extraHex: checked.extra.toString('hex'), state: 'unspent', rawTransaction: d.unsignedHex, unsignedRaw: d.unsignedHex,
				createdAt: prev ? prev.createdAt : now, updatedAt: now,
				receivers: checked.outputs.map((o) => /** @type {any} */ (state.ghosts.get(o.key)).receiver),
				views: checked.inputs.map((o) => {
					const v = /** @type {bigint} */ (state.views.get(o.output_id));
					return Buffer.from(v.toString(16).padStart(64, '0'), 'hex').reverse().toString('hex');
				}),
			};
			state.requests.set(r.request_id, rec);
			return state.requestView(rec);
		});
	}));

	router.add('POST', '/safe/transactions', route((ctx) => {
		const list = noRepeats(arrayBody(ctx.body, 'signed transactions').map(requestEntry));
		const spentInBatch = new Set();
		/** @type {Set<string>} */
		const keysInBatch = new Set();
		/** @type {any[]} */
		const todo = [];
		for (const r of list) {
			const req = state.requests.get(r.request_id);
			if (!req || req.userId !== ctx.userId) throw invalid(`request_id ${r.request_id}: no such transaction request (POST /safe/transaction/requests first)`);
			if (req.state !== 'unspent') {
				todo.push({ req });
				continue;
			}
			const d = decodeRaw(r.raw);
			if (d.unsignedHex !== req.unsignedRaw) throw invalid(`raw of ${r.request_id} is not the requested transaction ${req.transactionHash}`);
			const checked = validate(state, ctx.userId, d, spentInBatch);
			verifySignatures(d, checked.inputs);
			for (const o of checked.outputs) {
				if (keysInBatch.has(o.key)) throw invalid(`ghost key ${o.key} is used by another transaction of this submission`);
				keysInBatch.add(o.key);
			}
			for (const o of checked.inputs) spentInBatch.add(`${o.transaction_hash}:${o.output_index}`);
			todo.push({ req, checked, raw: r.raw.toLowerCase() });
		}
		return todo.map((t) => {
			if (t.checked) state.commit(t.req, t.checked, t.raw);
			return state.requestView(t.req);
		});
	}));

	router.add('GET', '/safe/transactions/:id', route((ctx) => {
		const id = ctx.params.id;
		let req = state.requests.get(id);
		if (!req) for (const r of state.requests.values()) if (r.transactionHash === id) req = r;
		if (!req) throw new MixinError(404, 'The transaction is not found.');
		return state.requestView(req);
	}));

	router.add('GET', '/safe/assets/:id', route((ctx) => {
		const a = state.assetOf(ctx.params.id);
		if (!a) throw new MixinError(404, 'The asset is not found.');
		return a;
	}));
	router.add('POST', '/safe/assets/fetch', route((ctx) => {
		const ids = arrayBody(ctx.body, 'asset ids');
		if (ids.some((/** @type {any} */ id) => typeof id !== 'string' || !UUID_RE.test(id))) throw invalid('asset ids');
		return ids.map((/** @type {string} */ id) => state.assets.get(id)).filter(Boolean);
	}));
}

module.exports = { registerMixinRoutes };
