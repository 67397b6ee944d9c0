'use strict';
/**
 * The ExinOne business endpoints the node calls, with in-memory state. Shapes are invented but plausible:
 * camelCase fields, Mixin asset UUIDs, decimal amounts as strings with 8 decimals.
 */
const crypto = require('node:crypto');

/** Real Mixin asset ids, fake prices. */
const ASSETS = [
	{ assetUuid: 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', symbol: 'BTC', name: 'Bitcoin', priceUsdt: '65000' },
	{ assetUuid: '43d61dcd-e413-450d-80b8-101d5e903357', symbol: 'ETH', name: 'Ether', priceUsdt: '3200' },
	{ assetUuid: '4d8c508b-91c5-375b-92b0-ee702ed2dac5', symbol: 'USDT', name: 'Tether USD (ERC20)', priceUsdt: '1' },
	{ assetUuid: 'c94ac88f-4671-3976-b60a-09064f1811e8', symbol: 'XIN', name: 'Mixin', priceUsdt: '150' },
	{ assetUuid: '6cfe566e-4aad-470b-8c9a-2fd35b49c68d', symbol: 'EOS', name: 'EOS', priceUsdt: '0.6' },
	{ assetUuid: '6770a1e5-6086-44d5-b60f-545f9d9e8ffd', symbol: 'DOGE', name: 'Dogecoin', priceUsdt: '0.12' },
];
const ASSET_BY_ID = new Map(ASSETS.map((a) => [a.assetUuid, a]));
const SCALE = 10n ** 8n;
const FEE_PER_MILLE = 3n;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deterministic v4-shaped UUID from a label, so seeds are stable across runs. @param {string} label */
function seedUuid(label) {
	const h = crypto.createHash('sha256').update(label).digest('hex');
	const v = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

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
/** "YYYY-MM-DD HH:mm:ss" in UTC+8 (Laravel style, Asia/Shanghai). @param {number} ms */
function cnTime(ms) {
	return new Date(ms + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
}
/** @param {bigint} payUnits @param {any} pay @param {any} recv */
function quote(payUnits, pay, recv) {
	const pp = /** @type {bigint} */ (toUnits(pay.priceUsdt));
	const rp = /** @type {bigint} */ (toUnits(recv.priceUsdt));
	const fee = (payUnits * FEE_PER_MILLE) / 1000n;
	const receive = ((payUnits - fee) * pp) / rp;
	const price = (pp * SCALE) / rp;
	return { fee, receive, price };
}

/**
 * @param {{ now: () => number }} clock
 * @param {() => string} baseUrl
 */
function createExinOneState(clock, baseUrl) {
	const t0 = clock.now();
	/** @type {any[]} */
	const orders = [];
	const statuses = ['done', 'done', 'done', 'pending', 'refunded'];
	for (let i = 0; i < 25; i++) {
		const pay = ASSETS[i % ASSETS.length];
		const recv = ASSETS[(i + 2) % ASSETS.length];
		const payUnits = BigInt(1 + (i % 7)) * (pay.symbol === 'BTC' ? SCALE / 1000n : SCALE);
		const q = quote(payUnits, pay, recv);
		const ms = t0 - i * 6 * 3600e3;
		orders.push(makeOrder(i + 1, seedUuid(`order-${i + 1}`), pay, recv, payUnits, q, statuses[i % 5], ms, 'mixin'));
	}
	/** @type {any[]} */
	const loans = [];
	for (let i = 0; i < 12; i++) {
		const coll = ASSETS[i % 2]; // BTC / ETH collateral
		const borrow = ASSETS[2]; // USDT
		const collUnits = BigInt(i + 1) * (coll.symbol === 'BTC' ? SCALE / 100n : SCALE / 10n);
		const collUsdt = (collUnits * /** @type {bigint} */ (toUnits(coll.priceUsdt))) / SCALE;
		const ms = t0 - (i + 1) * 86400e3;
		loans.push({
			loanId: seedUuid(`loan-${i + 1}`),
			collateralAssetUuid: coll.assetUuid,
			collateralSymbol: coll.symbol,
			collateralAmount: fmt(collUnits),
			borrowAssetUuid: borrow.assetUuid,
			borrowSymbol: borrow.symbol,
			borrowAmount: fmt((collUsdt * 50n) / 100n),
			interestRate: '0.08000000',
			ltv: '0.50000000',
			liquidationLtv: '0.85000000',
			status: ['active', 'active', 'repaid', 'liquidated'][i % 4],
			createdAt: cnTime(ms),
			dueAt: cnTime(ms + 30 * 86400e3),
		});
	}
	/** @type {any[]} */
	const repayments = [];
	for (let i = 0; i < 15; i++) {
		const loan = loans[i % loans.length];
		repayments.push({
			traceId: seedUuid(`repayment-${i + 1}`),
			loanId: loan.loanId,
			assetUuid: loan.borrowAssetUuid,
			symbol: loan.borrowSymbol,
			amount: fmt(BigInt(10 + i) * SCALE),
			status: i % 5 === 4 ? 'pending' : 'success',
			createdAt: cnTime(t0 - i * 12 * 3600e3),
		});
	}
	return {
		orders,
		loans,
		repayments,
		/** @type {Map<string, Record<string, Record<string, bigint>>>} userId → wallet → assetUuid → units */
		balances: new Map(),
		/** @type {any[]} recorded POST /epc_authentication/transfer bodies and results */
		transfers: [],
		/** @type {any[]} recorded POST /convert/pay bodies */
		payments: [],
		baseUrl,
	};
}

/** @param {number} id @param {string} trace @param {any} pay @param {any} recv @param {bigint} payUnits @param {any} q @param {string} status @param {number} ms @param {string} source */
function makeOrder(id, trace, pay, recv, payUnits, q, status, ms, source) {
	return {
		orderId: id,
		payTraceId: trace,
		snapshotId: seedUuid(`snapshot-${trace}`),
		payAssetUuid: pay.assetUuid,
		payAssetSymbol: pay.symbol,
		payAmount: fmt(payUnits),
		receiveAssetUuid: recv.assetUuid,
		receiveAssetSymbol: recv.symbol,
		receiveAmount: status === 'refunded' ? '0.00000000' : fmt(q.receive),
		price: fmt(q.price),
		feeAssetUuid: pay.assetUuid,
		feeAmount: fmt(q.fee),
		status,
		source,
		createdAt: cnTime(ms),
		updatedAt: cnTime(ms + 5000),
	};
}

/** @param {any} state @param {string} userId */
function walletsOf(state, userId) {
	let w = state.balances.get(userId);
	if (!w) {
		w = { default: {}, epc: {} };
		for (const a of ASSETS) {
			const p = /** @type {bigint} */ (toUnits(a.priceUsdt));
			w.default[a.assetUuid] = (1000n * SCALE * SCALE) / p; // ≈ 1000 USDT worth
			w.epc[a.assetUuid] = (500n * SCALE * SCALE) / p; // ≈ 500 USDT worth
		}
		state.balances.set(userId, w);
	}
	return w;
}

/**
 * Registers the business routes.
 * @param {ReturnType<import('./http-sim').createRouter>} router
 * @param {any} state
 * @param {{ ok: Function, fail: Function, invalid: Function, auth: Function }} h response helpers
 */
function registerExinOneRoutes(router, state, h) {
	const P = '/api/v2';
	/** @param {any} ctx @param {string[]} fields @param {Record<string,any>} src */
	const required = (ctx, fields, src) => {
		const missing = fields.filter((f) => src[f] === undefined || src[f] === null || src[f] === '');
		if (missing.length) {
			h.invalid(ctx, Object.fromEntries(missing.map((f) => [f, [`${f} is required`]])));
			return false;
		}
		return true;
	};
	/** @param {any} ctx @param {string} field @param {string} uuid */
	const asset = (ctx, field, uuid) => {
		const a = ASSET_BY_ID.get(uuid);
		if (!a) h.fail(ctx, 404, '20001', '资产不存在', { [field]: uuid });
		return a;
	};
	/** Laravel-like paging. @param {any} ctx @param {any[]} list @param {string} path @param {boolean} intCode */
	const paged = (ctx, list, path, intCode) => {
		const page = ctx.query.page === undefined ? 1 : Number(ctx.query.page);
		const limit = ctx.query.limit === undefined ? 10 : Number(ctx.query.limit);
		/** @type {Record<string,string[]>} */
		const errs = {};
		if (!Number.isInteger(page) || page < 1) errs.page = ['page must be an integer >= 1'];
		if (!Number.isInteger(limit) || limit < 1 || limit > 100) errs.limit = ['limit must be an integer between 1 and 100'];
		if (Object.keys(errs).length) return h.invalid(ctx, errs);
		const items = list.slice((page - 1) * limit, page * limit);
		const more = page * limit < list.length;
		const qs = new URLSearchParams({ ...ctx.query, page: String(page + 1), limit: String(limit) });
		const meta = {
			total: list.length,
			count: items.length,
			perPage: limit,
			currentPage: page,
			nextLink: more ? `${state.baseUrl()}${path}?${qs}` : null,
		};
		return h.ok(ctx, items, { intCode, meta });
	};
	const DATE_RE = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

	// ---- public ----
	router.add('GET', `${P}/convert/assets`, (ctx) =>
		h.ok(ctx, ASSETS.map((a) => ({
			...a,
			iconUrl: `https://mixin-images.zeromesh.net/${a.symbol.toLowerCase()}.png`,
			minPayAmount: '0.00010000',
			maxPayAmount: '100000.00000000',
			isActive: true,
		}))),
	);
	router.add('GET', `${P}/convert/estimate/amount`, (ctx) => {
		const q = ctx.query;
		if (!required(ctx, ['payAssetUuid', 'payAssetAmount', 'receiveAssetUuid'], q)) return;
		const units = toUnits(q.payAssetAmount);
		if (units === null || units === 0n) return h.invalid(ctx, { payAssetAmount: ['payAssetAmount must be a positive decimal'] });
		if (q.withRange !== undefined && q.withRange !== '0' && q.withRange !== '1') return h.invalid(ctx, { withRange: ['withRange must be 0 or 1'] });
		const pay = asset(ctx, 'payAssetUuid', q.payAssetUuid);
		if (!pay) return;
		const recv = asset(ctx, 'receiveAssetUuid', q.receiveAssetUuid);
		if (!recv) return;
		if (pay === recv) return h.fail(ctx, 400, '20002', '不支持的交易对');
		const r = quote(units, pay, recv);
		/** @type {Record<string, any>} */
		const data = {
			payAssetUuid: pay.assetUuid,
			payAssetAmount: fmt(units),
			receiveAssetUuid: recv.assetUuid,
			receiveAssetAmount: fmt(r.receive),
			price: fmt(r.price),
			feeAssetUuid: pay.assetUuid,
			feeAmount: fmt(r.fee),
		};
		if (q.withRange === '1') data.range = { min: fmt((r.receive * 995n) / 1000n), max: fmt((r.receive * 1005n) / 1000n) };
		return h.ok(ctx, data);
	});
	router.add('GET', `${P}/convert/order/detail`, (ctx) => {
		if (!required(ctx, ['payTraceId'], ctx.query)) return;
		const o = state.orders.find((/** @type {any} */ x) => x.payTraceId === ctx.query.payTraceId);
		if (!o) return h.fail(ctx, 404, '20004', '订单不存在');
		return h.ok(ctx, o);
	});

	// ---- bearer ----
	router.add('GET', `${P}/users/me`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		return h.ok(ctx, {
			userId: u.uid,
			identityNumber: String(7000000000 + (parseInt(u.uid.replace(/-/g, '').slice(0, 6), 16) || 0)),
			fullName: 'Simulated User',
			avatarUrl: 'https://mixin-images.zeromesh.net/avatar.png',
			sessionId: u.sid,
			lang: 'zh',
			kycLevel: 0,
			createdAt: cnTime(Date.UTC(2023, 2, 15)),
		}, { intCode: true });
	});
	router.add('GET', `${P}/wallet/asset`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		const q = ctx.query;
		if (q.wallet !== undefined && q.wallet !== 'epc') return h.invalid(ctx, { wallet: ['The selected wallet is invalid.'] });
		const wallet = q.wallet === 'epc' ? 'epc' : 'default';
		const bal = walletsOf(state, u.uid)[wallet];
		/** @param {any} a */
		const row = (a) => {
			const units = bal[a.assetUuid] || 0n;
			return {
				assetUuid: a.assetUuid, symbol: a.symbol, name: a.name, wallet,
				balance: fmt(units), frozen: '0.00000000', priceUsdt: a.priceUsdt,
				valueUsdt: fmt((units * /** @type {bigint} */ (toUnits(a.priceUsdt))) / SCALE),
			};
		};
		if (q.assetUuid !== undefined) {
			const a = asset(ctx, 'assetUuid', q.assetUuid);
			return a ? h.ok(ctx, row(a)) : undefined;
		}
		return h.ok(ctx, ASSETS.map(row));
	});
	router.add('GET', `${P}/convert/order/lists`, (ctx) => {
		if (!h.auth(ctx)) return;
		const { dateStart, dateEnd } = ctx.query;
		/** @type {Record<string,string[]>} */
		const errs = {};
		if (dateStart !== undefined && !DATE_RE.test(dateStart)) errs.dateStart = ['dateStart is not a valid date (Y-m-d)'];
		if (dateEnd !== undefined && !DATE_RE.test(dateEnd)) errs.dateEnd = ['dateEnd is not a valid date (Y-m-d)'];
		if (Object.keys(errs).length) return h.invalid(ctx, errs);
		const end = dateEnd && dateEnd.length === 10 ? `${dateEnd} 23:59:59` : dateEnd;
		const list = state.orders.filter((/** @type {any} */ o) => (!dateStart || o.createdAt >= dateStart) && (!end || o.createdAt <= end));
		return paged(ctx, list, `${P}/convert/order/lists`, true);
	});
	router.add('GET', `${P}/referral_statistics/me`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		return h.ok(ctx, {
			inviteCode: u.uid.slice(0, 8).toUpperCase(),
			inviteCount: 3,
			validInviteCount: 2,
			totalRewardUsdt: '12.34000000',
			rewards: [{ assetUuid: ASSETS[2].assetUuid, symbol: 'USDT', amount: '12.34000000' }],
		}, { intCode: true });
	});

	// ---- draft branch ----
	/** @param {any} a @param {number} i */
	const pool = (a, i) => ({
		assetUuid: a.assetUuid, symbol: a.symbol,
		totalAmount: fmt(BigInt(1000 * (i + 1)) * SCALE), availableAmount: fmt(BigInt(800 * (i + 1)) * SCALE),
		lockedAmount: fmt(BigInt(200 * (i + 1)) * SCALE), apr: '0.05000000',
	});
	router.add('GET', `${P}/fund_pool`, (ctx) => (h.auth(ctx) ? h.ok(ctx, ASSETS.map(pool)) : undefined));
	router.add('GET', `${P}/fund_pool/asset`, (ctx) => {
		if (!h.auth(ctx) || !required(ctx, ['assetUuid'], ctx.query)) return;
		const a = asset(ctx, 'assetUuid', ctx.query.assetUuid);
		return a ? h.ok(ctx, pool(a, ASSETS.indexOf(a)), { intCode: true }) : undefined;
	});
	router.add('POST', `${P}/epc_authentication/transfer`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		const b = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
		if (!required(ctx, ['assetUuid', 'amount', 'opponentId'], b)) return;
		const units = toUnits(b.amount);
		if (units === null || units === 0n) return h.invalid(ctx, { amount: ['amount must be a positive decimal'] });
		if (!UUID_RE.test(String(b.opponentId))) return h.invalid(ctx, { opponentId: ['opponentId must be a UUID'] });
		if (b.memo !== undefined && (typeof b.memo !== 'string' || b.memo.length > 140)) return h.invalid(ctx, { memo: ['memo must be a string of at most 140 characters'] });
		const a = asset(ctx, 'assetUuid', b.assetUuid);
		if (!a) return;
		const prior = b.traceId && state.transfers.find((/** @type {any} */ t) => t.result.traceId === b.traceId);
		if (prior) return h.ok(ctx, prior.result, { intCode: true });
		const bal = walletsOf(state, u.uid).epc;
		if ((bal[a.assetUuid] || 0n) < units) return h.fail(ctx, 400, '20005', '余额不足');
		bal[a.assetUuid] -= units;
		const result = {
			traceId: b.traceId || crypto.randomUUID(), snapshotId: crypto.randomUUID(),
			assetUuid: a.assetUuid, symbol: a.symbol, amount: fmt(units), opponentId: b.opponentId,
			memo: b.memo || '', status: 'success', createdAt: cnTime(ctx.clock.now()),
		};
		state.transfers.push({ userId: u.uid, body: b, result });
		return h.ok(ctx, result, { intCode: true });
	});
	router.add('POST', `${P}/convert/pay`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		const b = ctx.body && typeof ctx.body === 'object' ? ctx.body : {};
		if (!required(ctx, ['payAssetUuid', 'payAssetAmount', 'receiveAssetUuid', 'payTraceId'], b)) return;
		const units = toUnits(b.payAssetAmount);
		if (units === null || units === 0n) return h.invalid(ctx, { payAssetAmount: ['payAssetAmount must be a positive decimal'] });
		if (!UUID_RE.test(String(b.payTraceId))) return h.invalid(ctx, { payTraceId: ['payTraceId must be a UUID'] });
		const pay = asset(ctx, 'payAssetUuid', b.payAssetUuid);
		if (!pay) return;
		const recv = asset(ctx, 'receiveAssetUuid', b.receiveAssetUuid);
		if (!recv) return;
		if (pay === recv) return h.fail(ctx, 400, '20002', '不支持的交易对');
		if (state.orders.some((/** @type {any} */ o) => o.payTraceId === b.payTraceId)) return h.fail(ctx, 409, '20006', '订单已存在');
		const w = walletsOf(state, u.uid).epc;
		if ((w[pay.assetUuid] || 0n) < units) return h.fail(ctx, 400, '20005', '余额不足');
		const q = quote(units, pay, recv);
		w[pay.assetUuid] -= units;
		w[recv.assetUuid] = (w[recv.assetUuid] || 0n) + q.receive;
		const order = makeOrder(state.orders.length + 1, b.payTraceId, pay, recv, units, q, 'done', ctx.clock.now(), 'epc');
		state.orders.unshift(order);
		state.payments.push({ userId: u.uid, body: b, order });
		return h.ok(ctx, order, { intCode: true });
	});
	router.add('GET', `${P}/loan`, (ctx) => {
		if (!h.auth(ctx)) return;
		const active = state.loans.filter((/** @type {any} */ l) => l.status === 'active');
		const sum = (/** @type {string} */ k) => fmt(active.reduce((/** @type {bigint} */ s, /** @type {any} */ l) => s + /** @type {bigint} */ (toUnits(l[k])), 0n));
		return h.ok(ctx, { loanCount: state.loans.length, activeLoanCount: active.length, totalBorrowedUsdt: sum('borrowAmount'), avgLtv: '0.50000000' });
	});
	router.add('GET', `${P}/loan/available`, (ctx) =>
		h.auth(ctx)
			? h.ok(ctx, ASSETS.slice(0, 2).map((a) => ({
				collateralAssetUuid: a.assetUuid, collateralSymbol: a.symbol, borrowAssetUuid: ASSETS[2].assetUuid,
				borrowSymbol: 'USDT', maxLtv: '0.65000000', interestRate: '0.08000000', minAmount: '100.00000000',
				maxAmount: '100000.00000000', terms: [7, 30, 90],
			})))
			: undefined,
	);
	router.add('GET', `${P}/loan/detail`, (ctx) => {
		if (!h.auth(ctx) || !required(ctx, ['loanId'], ctx.query)) return;
		const l = state.loans.find((/** @type {any} */ x) => x.loanId === ctx.query.loanId);
		return l ? h.ok(ctx, l) : h.fail(ctx, 404, '20004', '借款不存在');
	});
	router.add('GET', `${P}/loan/list`, (ctx) => {
		if (!h.auth(ctx)) return;
		const st = ctx.query.status;
		return paged(ctx, state.loans.filter((/** @type {any} */ l) => !st || l.status === st), `${P}/loan/list`, false);
	});
	router.add('GET', `${P}/loan/repayment/list`, (ctx) => {
		if (!h.auth(ctx)) return;
		const id = ctx.query.loanId;
		return paged(ctx, state.repayments.filter((/** @type {any} */ r) => !id || r.loanId === id), `${P}/loan/repayment/list`, false);
	});
	router.add('GET', `${P}/loan/repayment/status`, (ctx) => {
		if (!h.auth(ctx) || !required(ctx, ['traceId'], ctx.query)) return;
		const r = state.repayments.find((/** @type {any} */ x) => x.traceId === ctx.query.traceId);
		return r ? h.ok(ctx, { traceId: r.traceId, loanId: r.loanId, status: r.status }) : h.fail(ctx, 404, '20004', '还款记录不存在');
	});
}

module.exports = { registerExinOneRoutes, createExinOneState, ASSETS, seedUuid, toUnits, fmt, cnTime };
