'use strict';
/**
 * The ExinOne simulator reading the Mixin transfers made to the ExinOne bot as ExinOne's developer docs
 * describe them (memos in exinone-memos.js; loans in exinone-loans.js): the sender is the user, the
 * outputs to the bot are the amount, the request id is the trace. A memo that fits no format (or is not
 * standard padded base64) is kept, not refunded, as the docs warn, and listed in `unmatched`; a
 * recognised memo that cannot be carried out is refunded. ExinOne pays back by `mixin.deposit` from the
 * bot, with the memos the docs give; where they give none, base64 of JSON `{S:"<X>_RF", O:<trace>}`
 * (the simulator's invention).
 */
const { ASSET_BY_ID, EPC_UUID, seedUuid, toUnits, fmt } = require('./exinone-state');
const { createLoanOps } = require('./exinone-loans');
const { EXINONE_BOT, decodeMemo, kindOf, refOf, jsonMemo, toBot } = require('./exinone-memos');

/**
 * @param {any} state from createExinOneState
 * @param {import('./clock').SimClock} clock
 */
function createExinOneTransfers(state, clock) {
	/** @type {any[]} one per payment to the bot: `{kind, outcome: 'ok'|'refunded'|'kept'|'error', requestId, senderId, assetId, amount, memo, reason?, …}` */
	const events = [];
	/** @type {any[]} the payments kept with a memo ExinOne cannot read (the same records as their events) */
	const unmatched = [];
	/** @type {any[]} every deposit ExinOne made to a Mixin wallet: `{kind, userId, assetId, amount, requestId, memo}` */
	const payouts = [];
	/** @type {Map<string, {ref: string, traceId: string, at: number}>} userId → registered referral */
	const referrals = new Map();
	/** @type {Map<string, {userId: string, mixin: any, settled: boolean}>} payTraceId → an order made by a transfer */
	const origins = new Map();
	/** @type {{at: number, payTraceId: string, outcome: 'done'|'refunded'}[]} */
	let due = [];
	/** @type {{outcome: 'done'|'refunded', afterMs: number}|null} */
	let autoSettle = null;
	/** @type {{mixin: any, off: () => void}|null} */
	let attached = null;
	const now = () => Math.floor(clock.now() / 1000);

	/**
	 * Pays `units` of the asset from the bot to the user's Mixin wallet (registering the asset with the
	 * Mixin simulator if it lacks it). @param {any} mixin @param {{kind: string, userId: string, assetId: string, units: bigint, requestId: string, memo?: Record<string, unknown>}} o
	 */
	function pay(mixin, o) {
		if (o.units <= 0n) return null;
		if (!mixin.state.assets.has(o.assetId)) {
			const a = ASSET_BY_ID.get(o.assetId);
			if (!a) throw new Error(`pay: asset ${o.assetId} unknown`);
			mixin.addAsset({ asset_id: a.mixinId, chain_id: a.mixinChainId, symbol: a.symbol, name: a.name, price_usd: a.priceUsdt });
		}
		const memo = o.memo ? jsonMemo(o.memo) : '';
		mixin.deposit({ userId: o.userId, assetId: o.assetId, amount: fmt(o.units), senderId: EXINONE_BOT, requestId: o.requestId, extra: Buffer.from(memo) });
		const p = { kind: o.kind, userId: o.userId, assetId: o.assetId, amount: fmt(o.units), requestId: o.requestId, memo, at: clock.now() };
		payouts.push(p);
		return p;
	}
	/** A request id of a reply, derived from what it answers. @param {string} kind @param {string} trace */
	const replyId = (kind, trace) => seedUuid(`exinone-${kind}-${trace}`);
	/** The user's trading-account balances, asset → units. @param {string} userId */
	const pool = (userId) => /** @type {Record<string, bigint>} */ (state.walletsOf(userId).fundpool);
	/** @param {string} userId @param {string} asset @param {bigint} units */
	const credit = (userId, asset, units) => {
		const w = pool(userId);
		w[asset] = (w[asset] || 0n) + units;
	};

	/**
	 * A convert order made by a transfer: trading until settled (auto-settle, if on, is scheduled).
	 * @param {any} mixin @param {Record<string, any>} spec for state.createOrder (userId required)
	 */
	function convertOrder(mixin, spec) {
		const order = state.createOrder(spec);
		origins.set(order.payTraceId, { userId: spec.userId, mixin, settled: false });
		if (autoSettle) due.push({ at: clock.now() + autoSettle.afterMs, payTraceId: order.payTraceId, outcome: autoSettle.outcome });
		return order;
	}
	/** Pays out a settled order made by a transfer, once. @param {any} order @param {'success'|'refunded'} outcome */
	function onSettled(order, outcome) {
		const o = origins.get(order.payTraceId);
		if (!o || o.settled) return;
		o.settled = true;
		due = due.filter((d) => d.payTraceId !== order.payTraceId);
		const requestId = order.receiveTraceId;
		if (outcome === 'success') {
			// a receive wallet `fundpool` is credited by state.settleOrder itself
			if (order.receiveWalletType !== 'fundpool') {
				pay(o.mixin, { kind: 'convert_receive', userId: o.userId, assetId: order.receiveAssetUuid, units: /** @type {bigint} */ (toUnits(order.receiveAmount)), requestId });
			}
		} else if (order.payWalletType === 'fundpool') credit(o.userId, order.payAssetUuid, /** @type {bigint} */ (toUnits(order.payAmount)));
		else pay(o.mixin, { kind: 'convert_refund', userId: o.userId, assetId: order.payAssetUuid, units: /** @type {bigint} */ (toUnits(order.payAmount)), requestId, memo: { S: 'CO_RF', O: order.payTraceId } });
	}
	state.settleListeners.add(onSettled);

	/**
	 * Settles a trading order by its payTraceId: 'done' (or 'success') or 'refunded'. Orders made by a
	 * transfer are paid back through the Mixin simulator. @param {string} payTraceId
	 * @param {'done'|'success'|'refunded'} outcome @param {{receiveAmount?: string}} [o]
	 */
	function settleOrderByTrace(payTraceId, outcome, o) {
		const order = state.orders.find((/** @type {any} */ x) => x.payTraceId === String(payTraceId).toLowerCase());
		if (!order) throw new Error(`settleOrderByTrace: no order with payTraceId ${payTraceId}`);
		if (order.orderStatus !== 'trading') throw new Error(`settleOrderByTrace: order ${payTraceId} is ${order.orderStatus}, not trading`);
		if (outcome !== 'done' && outcome !== 'success' && outcome !== 'refunded') throw new Error("settleOrderByTrace: outcome must be 'done' or 'refunded'");
		return state.settleOrder(order.payTraceId, outcome === 'refunded' ? 'refunded' : 'success', o);
	}
	/** Settles the auto-settled orders whose time (simulator clock) has come. */
	function runDue() {
		const t = clock.now();
		const ready = due.filter((d) => d.at <= t);
		due = due.filter((d) => d.at > t);
		for (const d of ready) {
			const order = state.orders.find((/** @type {any} */ x) => x.payTraceId === d.payTraceId);
			if (order && order.orderStatus === 'trading') settleOrderByTrace(d.payTraceId, d.outcome);
		}
	}
	/**
	 * Orders made by transfers from now on settle by themselves `afterMs` (simulator clock) after they
	 * are made; null or false: they stay trading until a test settles them (the default).
	 * @param {null|false|'done'|'refunded'|{outcome?: 'done'|'refunded', afterMs?: number}} spec
	 */
	function setAutoSettle(spec) {
		if (spec === null || spec === false || spec === undefined) return (autoSettle = null);
		const s = typeof spec === 'string' ? { outcome: spec } : spec;
		const outcome = s.outcome || 'done';
		const afterMs = s.afterMs === undefined ? 0 : Number(s.afterMs);
		if (outcome !== 'done' && outcome !== 'refunded') throw new Error("autoSettle outcome must be 'done' or 'refunded'");
		if (!Number.isFinite(afterMs) || afterMs < 0) throw new Error('autoSettle afterMs must be a number >= 0');
		return (autoSettle = { outcome, afterMs });
	}

	const loans = createLoanOps(state, clock);
	/** The status of a followId: 'pending', 'confirmed' or 'refunded'; undefined when unknown. @param {string} followId */
	const transferOf = (followId) => state.transfers.find((/** @type {any} */ t) => t.followId === String(followId).toLowerCase());
	const epcTransfer = (/** @type {string} */ followId) => {
		const t = transferOf(followId);
		return t ? (t.status === 'confirmed' || t.status === 'refunded' ? t.status : 'pending') : undefined;
	};

	/**
	 * Does what an `EX#EPC_AUTH_TRANS#<followId>` confirms; returns the reason it cannot, or null.
	 * @param {any} p the payment as read @param {any} t the pending transfer
	 */
	function confirm(p, t) {
		const b = t.body;
		const asset = String(b.payAssetUuid).toLowerCase();
		const units = /** @type {bigint} */ (toUnits(b.payAssetAmount));
		const w = pool(t.userId);
		if ((w[asset] || 0n) < units) return 'insufficient trading-account balance';
		if (b.type === 'withdraw') {
			w[asset] -= units;
			const requestId = b.traceId ? String(b.traceId).toLowerCase() : replyId('withdraw', t.followId);
			pay(p.mixin, { kind: 'withdraw', userId: t.userId, assetId: asset, units, requestId, memo: { source: 'FP', type: 'withdraw' } });
		} else if (b.type === 'loan_repayment') {
			const loan = loans.find(b.applyTraceId);
			const why = loans.refusal(loan, asset);
			if (why) return why;
			w[asset] -= loans.repay(loan, units, p.requestId);
		} else {
			const memo = /** @type {string} */ (decodeMemo(b.memo));
			w[asset] -= units;
			const order = convertOrder(p.mixin, {
				userId: t.userId, payTraceId: b.traceId ? String(b.traceId).toLowerCase() : undefined, payAssetUuid: asset, payAmount: fmt(units),
				receiveAssetUuid: memo.split('#')[2].toLowerCase(), payWalletType: 'fundpool', receiveWalletType: b.receiveWallet,
			});
			p.event.payTraceId = order.payTraceId;
		}
		return null;
	}

	/**
	 * Carries out one recognised memo; returns the reason to refund, or null. `p.event` is filled in.
	 * @param {any} p @param {string[]} f the memo's `#` fields
	 */
	function act(p, f) {
		const isEpc = p.assetId === EPC_UUID;
		const e = p.event;
		switch (f[1]) {
			case 'CO': {
				if (!ASSET_BY_ID.has(p.assetId)) return 'the pay asset is not traded by ExinOne';
				const receiveAssetUuid = f[2].toLowerCase();
				if (receiveAssetUuid === p.assetId) return 'the receive asset is the asset paid';
				if (state.orders.some((/** @type {any} */ o) => o.payTraceId === p.requestId)) return 'an order with this trace id exists';
				const order = convertOrder(p.mixin, { userId: p.senderId, payTraceId: p.requestId, payAssetUuid: p.assetId, payAmount: fmt(p.units), receiveAssetUuid });
				Object.assign(e, { payTraceId: order.payTraceId, receiveAssetUuid, ref: f[3] || null });
				return null;
			}
			case 'FP_DEPOSIT':
				if (!ASSET_BY_ID.has(p.assetId)) return 'the trading account does not take this asset';
				credit(p.senderId, p.assetId, p.units);
				e.balance = fmt(pool(p.senderId)[p.assetId]);
				return null;
			case 'EPC_AUTH_TRANS': {
				e.followId = f[2] || null;
				e.refundMemo = { S: 'EPC_AUTH_TRANS_RF', O: p.requestId };
				if (!isEpc) return 'EPC authentication must be paid in EPC';
				const t = f.length === 3 ? transferOf(f[2]) : undefined;
				if (!t) return 'unknown followId';
				if (t.userId !== p.senderId) return 'the followId belongs to another user';
				if (t.status === 'confirmed' || t.status === 'refunded') return `followId already ${t.status}`;
				e.type = t.body.type;
				const why = confirm(p, t);
				Object.assign(t, { status: why ? 'refunded' : 'confirmed', confirmTraceId: p.requestId, reason: why || undefined });
				return why;
			}
			case 'CB': {
				e.refundMemo = { S: 'LOAN_APPLY_RF', O: p.requestId };
				if (!isEpc) return 'a loan is applied for with EPC';
				const spec = loans.parseApply(f);
				if (typeof spec === 'string') return spec;
				if (loans.find(p.requestId)) return 'a loan with this trace id exists';
				const loan = loans.create(p.senderId, p.requestId, spec);
				Object.assign(e, { applyTraceId: loan.applyTraceId, loanAssetUuid: spec.asset.mixinId, loanAmount: loan.loanAmount, wallet: loan.wallet });
				if (spec.wallet === 'FP') credit(p.senderId, spec.asset.mixinId, spec.units);
				else pay(p.mixin, { kind: 'loan', userId: p.senderId, assetId: spec.asset.mixinId, units: spec.units, requestId: replyId('loan', p.requestId), memo: { S: 'LO', O: p.requestId } });
				pay(p.mixin, { kind: 'loan_apply_pass', userId: p.senderId, assetId: p.assetId, units: p.units, requestId: replyId('loan-pass', p.requestId), memo: { S: 'LOAN_APPLY_PASS', O: p.requestId } });
				return null;
			}
			case 'CR': {
				e.refundMemo = { S: 'LOAN_REPAY_RF', O: p.requestId };
				const loan = f.length === 3 ? loans.find(f[2]) : undefined;
				e.applyTraceId = loan ? loan.applyTraceId : f[2] || null;
				const why = loans.refusal(loan, p.assetId);
				if (why) return why;
				const applied = loans.repay(loan, p.units, p.requestId);
				e.repaid = fmt(applied);
				if (applied < p.units) pay(p.mixin, { kind: 'loan_repay_excess', userId: p.senderId, assetId: p.assetId, units: p.units - applied, requestId: replyId('repay-excess', p.requestId), memo: { S: 'LOAN_REPAY_RF', O: p.requestId } });
				return null;
			}
			default: {
				// REF_REG
				if (!isEpc) return 'a referral is registered with EPC';
				const ref = refOf(p.senderId);
				if (!referrals.has(p.senderId)) referrals.set(p.senderId, { ref, traceId: p.requestId, at: now() });
				e.ref = ref;
				pay(p.mixin, { kind: 'ref_reg', userId: p.senderId, assetId: p.assetId, units: p.units, requestId: replyId('ref-reg', p.requestId), memo: { t: 'REF_REG', f: p.requestId, ref } });
				return null;
			}
		}
	}

	/**
	 * Reads one Mixin payment as ExinOne would; nothing happens unless it has an output to the bot.
	 * @param {any} payment `{requestId, senderId, assetId, extra?, memo, outputs: [{receiverId, amount}]}`
	 * @param {any} [mixin] the Mixin simulator to pay back through (default: the attached one)
	 * @returns {any} the event recorded, or null
	 */
	function receive(payment, mixin = attached && attached.mixin) {
		if (!mixin) throw new Error('receive: attachMixin(mixinSim) first, or pass the Mixin simulator');
		const units = toBot(payment);
		if (!payment || payment.senderId === EXINONE_BOT || units <= 0n) return null;
		const memoRaw = typeof payment.memo === 'string' ? payment.memo : Buffer.from(payment.extra || '').toString('utf8');
		const text = decodeMemo(memoRaw);
		const kind = kindOf(text);
		const e = /** @type {any} */ ({ kind: kind || 'unmatched', outcome: 'ok', requestId: String(payment.requestId).toLowerCase(), senderId: payment.senderId, assetId: payment.assetId, amount: fmt(units), memo: text, rawMemo: memoRaw, at: clock.now() });
		events.push(e);
		const p = { requestId: e.requestId, senderId: e.senderId, assetId: String(payment.assetId).toLowerCase(), units, mixin, event: e };
		if (!kind) {
			Object.assign(e, { outcome: 'kept', reason: text === null ? 'the memo is not standard base64' : 'the memo fits no ExinOne format' });
			unmatched.push(e);
			return e;
		}
		try {
			const why = act(p, /** @type {string} */ (text).split('#'));
			if (why) {
				Object.assign(e, { outcome: 'refunded', reason: why });
				pay(mixin, { kind: 'refund', userId: p.senderId, assetId: p.assetId, units, requestId: replyId('refund', p.requestId), memo: e.refundMemo || { S: `${kind.toUpperCase()}_RF`, O: p.requestId } });
			}
		} catch (err) {
			Object.assign(e, { outcome: 'error', reason: /** @type {Error} */ (err).message });
		}
		delete e.refundMemo;
		runDue();
		return e;
	}

	/**
	 * Subscribes to the Mixin simulator's payments (one attached at a time); returns `detach`.
	 * @param {any} mixin from startMixinSimulator @param {{autoSettle?: Parameters<typeof setAutoSettle>[0]}} [o]
	 */
	function attach(mixin, o = {}) {
		if (!mixin || typeof mixin.onPayment !== 'function') throw new Error('attachMixin: a Mixin simulator (with onPayment) is required');
		if (attached) attached.off();
		if (o.autoSettle !== undefined) setAutoSettle(o.autoSettle);
		const off = mixin.onPayment((/** @type {any} */ payment) => receive(payment, mixin));
		const self = { mixin, off };
		attached = self;
		return () => {
			off();
			if (attached === self) attached = null;
		};
	}

	/** Control endpoints for a client in another process. @type {Record<string, (ctx: any) => any>} */
	const control = {
		'POST /__sim/transfers/settle': ({ body }) => {
			const b = body || {};
			return { ok: true, order: settleOrderByTrace(b.payTraceId, b.outcome, { receiveAmount: b.receiveAmount }) };
		},
		'POST /__sim/transfers/auto-settle': ({ body }) => ({ ok: true, autoSettle: setAutoSettle(body ? body.autoSettle : null) }),
		'GET /__sim/transfers': () => (runDue(), {
			events, unmatched, payouts, referrals: Object.fromEntries(referrals),
			epcTransfers: state.transfers.map((/** @type {any} */ t) => ({ followId: t.followId, userId: t.userId, type: t.body.type, status: epcTransfer(t.followId) })),
		}),
	};

	return { events, unmatched, payouts, referrals, attach, receive, settleOrderByTrace, setAutoSettle, runDue, epcTransfer, control };
}

module.exports = { createExinOneTransfers, decodeMemo, EXINONE_BOT };
