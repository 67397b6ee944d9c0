'use strict';
/**
 * In-memory state of the ExinOne simulator, in the shapes of ExinOne's developer docs (Convert, Users,
 * Wallets, Referral pages; the draft Trading account, Loan and Asset pages): convert orders, loans,
 * repayments, per-user wallet balances, and the records of writes. Amounts are decimal strings with
 * 8 decimals; times inside `data` are unix seconds.
 *
 * The seeded orders and loans stand for the history of the simulated account: every user that logs in
 * sees them (their wallet uuids are those of one fixed seeded user). Orders made by a user's own
 * `/convert/pay`, or created for a user by a test, are that user's only.
 */
const crypto = require('node:crypto');

/** Deterministic v4-shaped UUID from a label, so seeds are stable across runs. @param {string} label */
function seedUuid(label) {
	const h = crypto.createHash('sha256').update(label).digest('hex');
	const v = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ETH_CHAIN = '43d61dcd-e413-450d-80b8-101d5e903357';
/** EPC, the asset that pays fees and confirms EPC authentication (ExinOne's docs give its id). */
const EPC_UUID = '44adc71b-0c37-3b42-aa19-fe2d59dae5fd';
/** Real Mixin asset and chain ids, fake prices; `id` is ExinOne's own integer asset id. */
const ASSETS = [
	{ id: 1, mixinId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', mixinChainId: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', symbol: 'BTC', name: 'Bitcoin', priceUsdt: '65000' },
	{ id: 2, mixinId: ETH_CHAIN, mixinChainId: ETH_CHAIN, symbol: 'ETH', name: 'Ether', priceUsdt: '3200' },
	{ id: 3, mixinId: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', mixinChainId: ETH_CHAIN, symbol: 'USDT', name: 'Tether USD', priceUsdt: '1' },
	{ id: 4, mixinId: 'c94ac88f-4671-3976-b60a-09064f1811e8', mixinChainId: ETH_CHAIN, symbol: 'XIN', name: 'Mixin', priceUsdt: '150' },
	{ id: 5, mixinId: '6cfe566e-4aad-470b-8c9a-2fd35b49c68d', mixinChainId: '6cfe566e-4aad-470b-8c9a-2fd35b49c68d', symbol: 'EOS', name: 'EOS', priceUsdt: '0.6' },
	{ id: 6, mixinId: '6770a1e5-6086-44d5-b60f-545f9d9e8ffd', mixinChainId: '6770a1e5-6086-44d5-b60f-545f9d9e8ffd', symbol: 'DOGE', name: 'Dogecoin', priceUsdt: '0.12' },
	{ id: 7, mixinId: EPC_UUID, mixinChainId: ETH_CHAIN, symbol: 'EPC', name: 'EPC', priceUsdt: '0.05' },
];
const ASSET_BY_ID = new Map(ASSETS.map((a) => [a.mixinId, a]));
const SCALE = 10n ** 8n;
/** The fee rate the estimate answers (`fee` is a rate, e.g. "0.0020"), in per mille. */
const FEE_PER_MILLE = 2n;
/** The user the seeded history belongs to. */
const SEED_USER = seedUuid('exinone-seed-user');

/** @param {unknown} s @returns {bigint|null} 8-decimal fixed point, null when not a non-negative decimal */
function toUnits(s) {
	const str = typeof s === 'number' ? String(s) : s;
	if (typeof str !== 'string' || !/^\d+(\.\d{1,8})?$/.test(str)) return null;
	const [i, f = ''] = str.split('.');
	return BigInt(i) * SCALE + BigInt((f + '00000000').slice(0, 8));
}
/** @param {bigint} u */
function fmt(u) {
	const neg = u < 0n;
	const a = neg ? -u : u;
	return `${neg ? '-' : ''}${a / SCALE}.${(a % SCALE).toString().padStart(8, '0')}`;
}
/** @param {bigint} u */
const num = (u) => Number(fmt(u));
/** @param {bigint} payUnits @param {any} pay @param {any} recv */
function quote(payUnits, pay, recv) {
	const pp = /** @type {bigint} */ (toUnits(pay.priceUsdt));
	const rp = /** @type {bigint} */ (toUnits(recv.priceUsdt));
	const gross = (payUnits * pp) / rp;
	const fee = (gross * FEE_PER_MILLE) / 1000n;
	return { fee, receive: gross - fee, price: (pp * SCALE) / rp };
}
/** The `asset {…}` object of the loan pages. @param {any} a */
function loanAsset(a) {
	return { id: a.id, uuid: a.mixinId, chainUuid: a.mixinChainId, symbol: a.symbol, name: a.name, iconUrl: iconUrl(a) };
}
/** @param {any} a */
function iconUrl(a) {
	return `https://mixin-images.zeromesh.net/${a.symbol.toLowerCase()}.png`;
}

/**
 * @param {{ now: () => number, nowSeconds: () => number }} clock
 * @param {() => string} baseUrl the simulator's URL (for `nextLink`)
 */
function createExinOneState(clock, baseUrl) {
	const t0 = Math.floor(clock.now() / 1000);
	/** Whose an order is: a user id, or absent for the shared seeded history. @type {WeakMap<object, string>} */
	const ownerOf = new WeakMap();
	const state = {
		/** @type {any[]} convert orders, in the docs' order shape */
		orders: /** @type {any[]} */ ([]),
		/** @type {any[]} loans, in the shape of /loan/detail */
		loans: /** @type {any[]} */ ([]),
		/** @type {any[]} repayments: `{repaymentTraceId, applyTraceId, record}`, record as /loan/repayment/list shows it */
		repayments: /** @type {any[]} */ ([]),
		/** @type {Map<string, {fundpool: Record<string, bigint>, epc: Record<string, bigint>}>} userId → wallet → asset → units */
		balances: new Map(),
		/** @type {any[]} POST /epc_authentication/transfer: `{userId, body, followId, status}` */
		transfers: /** @type {any[]} */ ([]),
		/** @type {any[]} POST /convert/pay: `{userId, body, payTraceId}` */
		payments: /** @type {any[]} */ ([]),
		/** @type {Set<string>} trace ids used by payments and payouts (a `traceId` must never have been used) */
		usedTraceIds: new Set(),
		/** @type {Set<(order: any, outcome: 'success'|'refunded') => void>} told of each settlement (exinone-transfers.js pays out) */
		settleListeners: new Set(),
		baseUrl,
		ownerOf,
		seedUser: SEED_USER,
	};

	/** The client_id of a user's EPC wallet (`epcUuid` of /users/me). @param {string} userId */
	state.epcWalletOf = (userId) => seedUuid(`epc-wallet-${userId}`);

	/** Orders a user may list: the shared history and the user's own, newest first. @param {string} userId */
	state.ordersOf = (userId) =>
		state.orders
			.filter((o) => !ownerOf.has(o) || ownerOf.get(o) === userId)
			.sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);

	/**
	 * Records a new order in `trading` (receive amounts null, as the docs and the live capture show).
	 * @param {{payTraceId?: string, payAssetUuid?: string, receiveAssetUuid?: string, payAmount?: string,
	 *   userId?: string, payWalletType?: string, receiveWalletType?: string|null, createdAt?: number}} [spec]
	 */
	state.createOrder = (spec = {}) => {
		const pay = ASSET_BY_ID.get(spec.payAssetUuid || ASSETS[2].mixinId);
		const recv = ASSET_BY_ID.get(spec.receiveAssetUuid || ASSETS[0].mixinId);
		if (!pay || !recv) throw new Error('createOrder: unknown pay or receive asset');
		const payUnits = toUnits(spec.payAmount === undefined ? '10' : spec.payAmount);
		if (payUnits === null || payUnits === 0n) throw new Error('createOrder: payAmount must be a positive decimal string');
		const payTraceId = (spec.payTraceId || crypto.randomUUID()).toLowerCase();
		if (state.orders.some((o) => o.payTraceId === payTraceId)) throw new Error(`createOrder: an order with payTraceId ${payTraceId} exists`);
		const wallet = spec.userId || SEED_USER;
		const at = spec.createdAt === undefined ? Math.floor(clock.now() / 1000) : spec.createdAt;
		const order = {
			id: state.orders.reduce((m, o) => Math.max(m, o.id), 10800000) + 1,
			source: 'snapshot',
			payAssetUuid: pay.mixinId,
			payAssetSymbol: pay.symbol,
			payAmount: fmt(payUnits),
			payTraceId,
			receiveTraceId: null,
			receiveAssetUuid: recv.mixinId,
			receiveAssetSymbol: recv.symbol,
			receiveAmount: null,
			estimateReceiveAmount: null,
			feeAmount: null,
			feeAssetUuid: recv.mixinId,
			feeAssetSymbol: recv.symbol,
			orderStatus: 'trading',
			refundStatus: 'no',
			payWalletUuid: wallet,
			payWalletType: spec.payWalletType || 'mixin',
			receiveWalletUuid: wallet,
			receiveWalletType: spec.receiveWalletType === undefined ? 'mixin' : spec.receiveWalletType,
			createdAt: at,
			updatedAt: at,
		};
		if (spec.userId) ownerOf.set(order, spec.userId);
		state.orders.push(order);
		state.usedTraceIds.add(payTraceId);
		return order;
	};

	/**
	 * Settles a trading order: `success` is `done` + refundStatus `no` with `receiveAmount` filled;
	 * `refunded` is `done` + refundStatus `done` (the docs' tip on the Convert page). `updatedAt` moves
	 * forward (at least one second past its last value, so a poller comparing it sees the change).
	 * @param {string} payTraceId
	 * @param {'success'|'refunded'} outcome
	 * @param {{receiveAmount?: string}} [o]
	 */
	state.settleOrder = (payTraceId, outcome, o = {}) => {
		const order = state.orders.find((x) => x.payTraceId === String(payTraceId).toLowerCase());
		if (!order) throw new Error(`settleOrder: no order with payTraceId ${payTraceId}`);
		if (outcome !== 'success' && outcome !== 'refunded') throw new Error("settleOrder: outcome must be 'success' or 'refunded'");
		const pay = /** @type {any} */ (ASSET_BY_ID.get(order.payAssetUuid));
		const recv = /** @type {any} */ (ASSET_BY_ID.get(order.receiveAssetUuid));
		const q = quote(/** @type {bigint} */ (toUnits(order.payAmount)), pay, recv);
		const receive = o.receiveAmount === undefined ? q.receive : toUnits(o.receiveAmount);
		if (receive === null) throw new Error('settleOrder: receiveAmount must be a decimal string');
		Object.assign(order, {
			orderStatus: 'done',
			refundStatus: outcome === 'success' ? 'no' : 'done',
			receiveTraceId: seedUuid(`receive-${payTraceId}`),
			estimateReceiveAmount: fmt(q.receive),
			receiveAmount: outcome === 'success' ? fmt(receive) : null,
			feeAmount: outcome === 'success' ? fmt(q.fee) : '0.00000000',
			updatedAt: Math.max(Math.floor(clock.now() / 1000), order.updatedAt + 1),
		});
		if (outcome === 'success' && order.receiveWalletType === 'fundpool' && ownerOf.has(order)) {
			const w = state.walletsOf(/** @type {string} */ (ownerOf.get(order))).fundpool;
			w[recv.mixinId] = (w[recv.mixinId] || 0n) + receive;
		}
		for (const fn of [...state.settleListeners]) fn(order, outcome);
		return order;
	};

	/** A user's balances, made on first use: ≈ 1000 USDT of each asset in the trading account, 5000 EPC in the EPC wallet. @param {string} userId */
	state.walletsOf = (userId) => {
		let w = state.balances.get(userId);
		if (!w) {
			w = { fundpool: {}, epc: { [EPC_UUID]: 5000n * SCALE } };
			for (const a of ASSETS) w.fundpool[a.mixinId] = (1000n * SCALE * SCALE) / /** @type {bigint} */ (toUnits(a.priceUsdt));
			state.balances.set(userId, w);
		}
		return w;
	};

	// ---- seeds: 25 orders 6 h apart (newest first in the lists), 12 loans, 15 repayments ----
	const outcomes = ['success', 'success', 'success', null, 'refunded'];
	for (let i = 24; i >= 0; i--) {
		const pay = ASSETS[i % 6];
		const recv = ASSETS[(i + 2) % 6];
		const amount = fmt(BigInt(1 + (i % 7)) * (pay.symbol === 'BTC' ? SCALE / 1000n : SCALE));
		const at = t0 - i * 6 * 3600;
		const order = state.createOrder({ payTraceId: seedUuid(`order-${i + 1}`), payAssetUuid: pay.mixinId, receiveAssetUuid: recv.mixinId, payAmount: amount, createdAt: at });
		const outcome = outcomes[i % 5];
		if (outcome) {
			state.settleOrder(order.payTraceId, /** @type {'success'|'refunded'} */ (outcome));
			order.updatedAt = at + 4;
		}
	}
	const loanStatuses = ['repaying', 'repaying', 'cleared', 'overdue'];
	for (let i = 0; i < 12; i++) {
		const a = ASSETS[2]; // USDT loans
		const at = t0 - (i + 1) * 86400;
		const loanUnits = BigInt(100 * (i + 1)) * SCALE;
		const status = loanStatuses[i % 4];
		const interest = (loanUnits * BigInt(i + 1)) / 2000n;
		const overdue = status === 'overdue' ? loanUnits / 100n : 0n;
		const repaid = status === 'cleared' ? loanUnits + interest : 0n;
		const debt = status === 'cleared' ? 0n : loanUnits + interest + overdue;
		state.loans.push({
			id: 5000 + i + 1,
			asset: loanAsset(a),
			loanAmount: fmt(loanUnits),
			sendAmount: fmt(loanUnits),
			term: 30,
			loanDate: at,
			wallet: 'mixin',
			reason: null,
			status,
			hasRepaid: status === 'cleared',
			dailyInterestAmount: fmt(loanUnits / 2000n),
			dailyOverdueAmount: fmt(loanUnits / 1000n),
			finalRepaymentDate: at + 30 * 86400,
			useDays: i + 1,
			repayAmount: fmt(repaid),
			debtAmount: fmt(debt),
			interestAmount: fmt(interest),
			overdueAmount: fmt(overdue),
			repayDate: status === 'cleared' ? at + 3600 : null,
			nextRepaymentDate: status === 'cleared' ? null : at + 30 * 86400,
			applyTraceId: seedUuid(`loan-${i + 1}`),
			createdAt: at,
			updatedAt: at + 60,
			appliedAt: at,
			loanedAt: at + 30,
			totalPending: fmt(debt),
			borrowingsPending: fmt(status === 'cleared' ? 0n : loanUnits),
			overduePending: fmt(overdue),
			interestPending: fmt(status === 'cleared' ? 0n : interest),
		});
	}
	for (let i = 0; i < 15; i++) {
		const loan = state.loans[i % 3];
		const at = t0 - i * 12 * 3600;
		state.repayments.push({
			repaymentTraceId: seedUuid(`repayment-${i + 1}`),
			applyTraceId: loan.applyTraceId,
			record: {
				id: 7000 + i + 1, asset: loan.asset, amount: fmt(BigInt(10 + i) * SCALE), repayAmount: fmt(BigInt(10 + i) * SCALE),
				interestAmount: fmt(SCALE / 10n), overdueAmount: '0.00000000', createdAt: at, updatedAt: at + 5,
			},
		});
	}
	return state;
}

module.exports = { createExinOneState, ASSETS, ASSET_BY_ID, EPC_UUID, SCALE, seedUuid, toUnits, fmt, num, quote, loanAsset, iconUrl };
