'use strict';
/**
 * The ExinOne business endpoints, each with the parameters its page in ExinOne's developer docs defines
 * and answers in the shapes those pages show: the published pages (Convert, Users, Wallets, Referral)
 * and the draft ones (Trading account, Loan, Asset). Every parameter is validated as a Laravel API
 * would (see exinone-validate.js): required, type, allowed values, existence; undefined parameters are
 * refused. The envelope's `code` is the string "0" on the published pages and the integer 0 on most
 * draft pages (not on /convert/pay nor the loan lists), as the docs' examples show.
 */
const crypto = require('node:crypto');
const { validate, parseConvertMemo, msg } = require('./exinone-validate');
const { ASSETS, ASSET_BY_ID, SCALE, seedUuid, toUnits, fmt, num, quote, iconUrl } = require('./exinone-state');

const P = '/api/v2';
/** `perPage` of the loan lists' `meta` in the draft Loan page; they document no paging parameter. */
const LOAN_PER_PAGE = 50;
/**
 * @param {ReturnType<import('./http-sim').createRouter>} router
 * @param {any} state from createExinOneState
 * @param {{ ok: Function, fail: Function, invalid: Function, auth: Function, raw: Function }} h response helpers
 */
function registerExinOneRoutes(router, state, h) {
	/**
	 * Validates the request (a GET's query; a POST's body and query, which Laravel reads as one) and
	 * answers the validation error itself. @param {any} ctx @param {Record<string, import('./exinone-validate').Rule>} rules
	 */
	const valid = (ctx, rules) => {
		const body = ctx.method === 'GET' ? {} : ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {};
		const errors = validate({ ...ctx.query, ...body }, rules);
		if (errors) h.invalid(ctx, errors);
		return !errors;
	};
	/** An `exists` rule: the asset must be one ExinOne knows. @param {string} field */
	const knownAsset = (field) => (/** @type {string} */ v) => (ASSET_BY_ID.has(v.toLowerCase()) ? null : msg.invalid(field));
	/** A `traceId` "must never have been used before" (draft Trading account page). */
	const unusedTrace = (/** @type {string} */ v) => (state.usedTraceIds.has(v.toLowerCase()) ? msg.unique('traceId') : null);
	/** @param {string} field */
	const knownLoan = (field) => (/** @type {string} */ v) => (loanOf(v) ? null : msg.invalid(field));
	/** @param {string} v */
	const loanOf = (v) => state.loans.find((/** @type {any} */ l) => l.applyTraceId === v.toLowerCase());
	/** The convert memo of the Convert page; its receive asset must be known and differ from the pay asset. @param {any} ctx */
	const convertMemo = (ctx) => (/** @type {string} */ v) => {
		const m = parseConvertMemo(v);
		const src = { ...ctx.query, ...(ctx.body || {}) };
		return m && ASSET_BY_ID.has(m.receiveAssetUuid) && m.receiveAssetUuid !== String(src.payAssetUuid).toLowerCase() ? null : msg.invalid('memo');
	};
	const uuid = { required: true, type: /** @type {const} */ ('uuid') };
	const amount = { required: true, type: /** @type {const} */ ('decimal') };
	const time = { type: /** @type {const} */ ('timestamp') };
	/** @param {any} a @param {bigint} units */
	const usdtOf = (a, units) => (units * /** @type {bigint} */ (toUnits(a.priceUsdt))) / SCALE;

	// ---- Convert page (published): three public endpoints and the bearer-protected order list ----
	router.add('GET', `${P}/convert/assets`, (ctx) => {
		if (!valid(ctx, {})) return;
		return h.ok(ctx, ASSETS.map((a) => ({ mixinId: a.mixinId, mixinChainId: a.mixinChainId, symbol: a.symbol, name: a.name })));
	});
	router.add('GET', `${P}/convert/estimate/amount`, (ctx) => {
		// The page does not say which are required; an estimate cannot be made without the first three.
		const ok = valid(ctx, {
			payAssetUuid: { ...uuid, check: knownAsset('payAssetUuid') },
			payAssetAmount: amount,
			receiveAssetUuid: {
				...uuid,
				check: (v) => knownAsset('receiveAssetUuid')(v) || (v.toLowerCase() === String(ctx.query.payAssetUuid).toLowerCase() ? 'receive asset uuid 和 pay asset uuid 必须不同' : null),
			},
			withRange: { type: 'int', in: ['0', '1'] },
		});
		if (!ok) return;
		const q = ctx.query;
		const pay = /** @type {any} */ (ASSET_BY_ID.get(q.payAssetUuid.toLowerCase()));
		const recv = /** @type {any} */ (ASSET_BY_ID.get(q.receiveAssetUuid.toLowerCase()));
		const units = /** @type {bigint} */ (toUnits(q.payAssetAmount));
		const r = quote(units, pay, recv);
		const perUsdt = (/** @type {bigint} */ usdt) => (usdt * SCALE * SCALE) / /** @type {bigint} */ (toUnits(pay.priceUsdt));
		/** @type {Record<string, any>} */
		const data = {
			calcSum: fmt(r.receive), calcPrice: fmt(r.price), isAllowEpc: true, fee: '0.0020', isReverse: false,
			routePayAssetAmount: fmt(units), routeExchangeMax: fmt(perUsdt(100000n)), isDelay: false, delayReleaseTime: '0',
			receiveAssetPriceUsdt: recv.priceUsdt, payAssetPriceUsdt: pay.priceUsdt, isTradeAvailable: true,
			route: {
				asset: [pay, recv].map((a) => ({ id: a.id, mixinId: a.mixinId, mixinChainId: a.mixinChainId, name: a.name, symbol: a.symbol, iconUrl: iconUrl(a) })),
				exchange: [{ id: 1, name: 'ExinSwap', en: 'ExinSwap', cn: 'ExinSwap', favicon: 'https://exinswap.com/favicon.ico', logo_32: 'https://exinswap.com/logo-32.png' }],
			},
		};
		// What withRange does is undocumented; the simulator adds the accepted pay range only when it is 1.
		if (q.withRange === '1') data.range = { min: fmt(perUsdt(1n)), max: fmt(perUsdt(100000n)), withOutDelayMax: fmt(perUsdt(50000n)) };
		return h.ok(ctx, data);
	});
	router.add('GET', `${P}/convert/order/detail`, (ctx) => {
		if (!valid(ctx, { payTraceId: uuid })) return;
		const o = state.orders.find((/** @type {any} */ x) => x.payTraceId === ctx.query.payTraceId.toLowerCase());
		if (o) return h.ok(ctx, o);
		// Exactly the answer captured from ExinOne for an unknown payTraceId: code 30004, no timestampMs.
		const m = msg.invalid('payTraceId');
		return h.raw(ctx, 422, { success: false, message: m, data: { payTraceId: [m] }, code: '30004' });
	});
	router.add('GET', `${P}/convert/order/lists`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, { page: { type: 'int', min: 1 }, limit: { type: 'int', min: 1, max: 100 }, dateStart: time, dateEnd: time })) return;
		const q = ctx.query;
		const page = q.page === undefined ? 1 : Number(q.page);
		const limit = q.limit === undefined ? 10 : Number(q.limit);
		// dateStart/dateEnd are "timestamp"s: unix seconds like every time in the answers, compared to createdAt.
		const list = state.ordersOf(u.uid).filter((/** @type {any} */ o) =>
			(q.dateStart === undefined || o.createdAt >= Number(q.dateStart)) && (q.dateEnd === undefined || o.createdAt <= Number(q.dateEnd)));
		const items = list.slice((page - 1) * limit, page * limit);
		const next = new URLSearchParams({ ...q, page: String(page + 1) });
		const meta = {
			total: list.length, count: items.length, perPage: limit, currentPage: page,
			nextLink: page * limit < list.length ? `${state.baseUrl()}${P}/convert/order/lists?${next}` : '',
		};
		return h.ok(ctx, items, { meta });
	});

	// ---- Users, Wallets, Referral pages (published) ----
	/** @param {string} uid */
	const refOf = (uid) => `m.${7000000000 + (parseInt(uid.replace(/-/g, '').slice(0, 6), 16) || 0)}`;
	router.add('GET', `${P}/users/me`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, {})) return;
		return h.ok(ctx, {
			uuid: u.uid, epcUuid: state.epcWalletOf(u.uid), creditTotal: '1000.00000000', creditUsed: '0.00000000', creditAvailable: '1000.00000000',
			creditUpdatedAt: Math.floor(ctx.clock.now() / 1000) - 3600, ref: refOf(u.uid),
			// The Chinese Users page names the rate refPercentage (the English page says percentage).
			refPercentage: '0.1',
		});
	});
	router.add('GET', `${P}/wallet/asset`, (ctx) => {
		const u = h.auth(ctx);
		// Both are given on the Wallets page and the answer is one asset; "only epc is supported".
		if (!u || !valid(ctx, { assetUuid: { ...uuid, check: knownAsset('assetUuid') }, wallet: { required: true, type: 'string', in: ['epc'] } })) return;
		const a = /** @type {any} */ (ASSET_BY_ID.get(ctx.query.assetUuid.toLowerCase()));
		const chain = /** @type {any} */ (ASSET_BY_ID.get(a.mixinChainId));
		const units = state.walletsOf(u.uid).epc[a.mixinId] || 0n;
		const destination = `0x${crypto.createHash('sha256').update(`${u.uid}/${chain.mixinId}`).digest('hex').slice(0, 40)}`;
		return h.ok(ctx, {
			type: 'asset', assetId: a.mixinId, chainId: a.mixinChainId, feeAssetId: a.mixinChainId, symbol: a.symbol, name: a.name,
			iconUrl: iconUrl(a), balance: fmt(units), depositEntries: [{ destination, tag: '', properties: [] }], destination, tag: '',
			priceBtc: (Number(a.priceUsdt) / 65000).toFixed(8), priceUsd: a.priceUsdt, changeBtc: '0', changeUsd: '0',
			assetKey: a.mixinId, precision: 8, mixinId: a.mixinId, reserve: '0', confirmations: 64, capitalization: 0, liquidity: '0',
		});
	});
	router.add('GET', `${P}/referral_statistics/me`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, {})) return;
		return h.ok(ctx, { percentage: '0.1', ref: refOf(u.uid), usdtAmountTotal: '12.34000000', epcAmountTotal: '0.00000000', count: 3 });
	});

	// ---- Trading account page (draft) ----
	/** @param {any} a @param {Record<string, bigint>} pool */
	const poolRow = (a, pool) => ({
		parentAssetId: a.id, parentAssetSymbol: a.symbol, parentAssetCreditRate: '0.5', priceUsdt: Number(a.priceUsdt),
		defaultAssetUuid: a.mixinId, balance: fmt(pool[a.mixinId] || 0n), canReceive: true, balanceUsdt: num(usdtOf(a, pool[a.mixinId] || 0n)),
	});
	router.add('GET', `${P}/fund_pool`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, {})) return;
		const pool = state.walletsOf(u.uid).fundpool;
		const lists = ASSETS.map((a) => poolRow(a, pool));
		const total = ASSETS.reduce((s, a) => s + usdtOf(a, pool[a.mixinId] || 0n), 0n);
		return h.ok(ctx, { lists, totalBalanceUsdt: num(total), totalBalanceBtc: num((total * SCALE) / (65000n * SCALE)) }, { intCode: true });
	});
	router.add('GET', `${P}/fund_pool/asset`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, { assetUuid: { ...uuid, check: knownAsset('assetUuid') } })) return;
		const a = /** @type {any} */ (ASSET_BY_ID.get(ctx.query.assetUuid.toLowerCase()));
		const units = state.walletsOf(u.uid).fundpool[a.mixinId] || 0n;
		return h.ok(ctx, { balance: fmt(units), parentAssetId: a.id, parentAssetSymbol: a.symbol, defaultAssetUuid: a.mixinId }, { intCode: true });
	});
	const TRANSFER_TYPES = ['withdraw', 'loan_repayment', 'convert'];
	router.add('POST', `${P}/epc_authentication/transfer`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		const b = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {};
		/** @type {Record<string, import('./exinone-validate').Rule>} */
		const base = {
			type: { required: true, type: 'string', in: TRANSFER_TYPES },
			payWallet: { required: true, type: 'string', in: ['fundpool'] },
			payAssetUuid: { ...uuid, check: knownAsset('payAssetUuid') },
			payAssetAmount: amount,
		};
		/** @type {Record<string, Record<string, import('./exinone-validate').Rule>>} each type's own fields */
		const byType = {
			withdraw: { receiveWallet: { required: true, type: 'string', in: ['mixin'] }, traceId: { type: 'uuid', check: unusedTrace } },
			loan_repayment: { applyTraceId: { ...uuid, check: knownLoan('applyTraceId') } },
			convert: { receiveWallet: { required: true, type: 'string', in: ['mixin', 'fundpool'] }, memo: { required: true, type: 'string', check: convertMemo(ctx) }, traceId: { type: 'uuid', check: unusedTrace } },
		};
		// With no valid type, only the type (and the common fields) can be judged: any type's field is let through.
		const own = byType[/** @type {'withdraw'} */ (b.type)] || Object.fromEntries(Object.values(byType).flatMap((r) => Object.keys(r)).map((k) => [k, {}]));
		if (!valid(ctx, { ...base, ...own })) return;
		const a = /** @type {any} */ (ASSET_BY_ID.get(b.payAssetUuid.toLowerCase()));
		// The docs show 20005 for /convert/pay; the same balance check is assumed here.
		if ((state.walletsOf(u.uid).fundpool[a.mixinId] || 0n) < /** @type {bigint} */ (toUnits(b.payAssetAmount))) return h.fail(ctx, 400, '20005', '余额不足');
		const followId = crypto.randomUUID();
		if (b.traceId) state.usedTraceIds.add(b.traceId.toLowerCase());
		// Nothing moves until EPC authentication (an EPC transfer with memo EX#EPC_AUTH_TRANS#<followId>).
		state.transfers.push({ userId: u.uid, body: b, followId, status: 'awaiting_epc_authentication' });
		// The page's example answer has code 0 and no timestampMs.
		return h.ok(ctx, { followId }, { intCode: true, noTimestamp: true });
	});
	router.add('POST', `${P}/convert/pay`, (ctx) => {
		const u = h.auth(ctx);
		if (!u) return;
		const ok = valid(ctx, {
			payWallet: { required: true, type: 'string', in: ['fundpool'] },
			payAssetUuid: { ...uuid, check: knownAsset('payAssetUuid') },
			payAssetAmount: amount,
			memo: { required: true, type: 'string', check: convertMemo(ctx) },
			traceId: { type: 'uuid', check: unusedTrace },
		});
		if (!ok) return;
		const b = ctx.body;
		const pay = /** @type {any} */ (ASSET_BY_ID.get(b.payAssetUuid.toLowerCase()));
		const units = /** @type {bigint} */ (toUnits(b.payAssetAmount));
		const pool = state.walletsOf(u.uid).fundpool;
		if ((pool[pay.mixinId] || 0n) < units) return h.fail(ctx, 400, '20005', '余额不足');
		pool[pay.mixinId] -= units;
		const memo = /** @type {{receiveAssetUuid: string}} */ (parseConvertMemo(b.memo));
		// The docs do not say the traceId becomes the order's payTraceId; the simulator makes it so.
		const order = state.createOrder({
			userId: u.uid, payTraceId: b.traceId ? b.traceId.toLowerCase() : undefined, payAssetUuid: pay.mixinId,
			receiveAssetUuid: memo.receiveAssetUuid, payAmount: b.payAssetAmount, payWalletType: 'fundpool',
		});
		state.payments.push({ userId: u.uid, body: b, payTraceId: order.payTraceId });
		return h.ok(ctx, []);
	});

	// ---- Loan page (draft) ----
	router.add('GET', `${P}/loan`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, {})) return;
		const open = state.loans.filter((/** @type {any} */ l) => l.status !== 'cleared');
		const sum = (/** @type {string} */ k) => fmt(open.reduce((/** @type {bigint} */ s, /** @type {any} */ l) => s + /** @type {bigint} */ (toUnits(l[k])), 0n));
		return h.ok(ctx, {
			stopLoan: false, availableAmount: '5000.00000000', minimumLimit: '10.00000000', dailyInterestRate: '0.0005', dailyOverdueRate: '0.001',
			outstanding: String(open.length), borrowings: sum('borrowingsPending'), interest: sum('interestPending'), overdue: sum('overduePending'), marginRate: '2.5',
		}, { intCode: true });
	});
	router.add('GET', `${P}/loan/available`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, { assetUuid: { ...uuid, check: knownAsset('assetUuid') }, wallet: { type: 'string', in: ['mixin', 'fundpool'] } })) return;
		const a = /** @type {any} */ (ASSET_BY_ID.get(ctx.query.assetUuid.toLowerCase()));
		return h.ok(ctx, {
			stopLoan: false, assetUuid: a.mixinId, assetUsdtPrice: a.priceUsdt, assetSymbol: a.symbol, availableUsdtAmount: '5000.00000000',
			availableAmount: fmt((5000n * SCALE * SCALE) / /** @type {bigint} */ (toUnits(a.priceUsdt))), marginRate: '2.5', dailyInterestRate: '0.0005', dailyOverdueRate: '0.001',
		}, { intCode: true });
	});
	router.add('GET', `${P}/loan/detail`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, { applyTraceId: { ...uuid, check: knownLoan('applyTraceId') } })) return;
		return h.ok(ctx, loanOf(ctx.query.applyTraceId), { intCode: true });
	});
	/** The loan lists: everything in one answer, `meta.perPage` 50, as the page's example; no paging parameter exists. @param {any} ctx @param {any[]} list */
	const loanList = (ctx, list) => {
		const items = list.slice(0, LOAN_PER_PAGE);
		return h.ok(ctx, items, { meta: { total: list.length, count: items.length, perPage: LOAN_PER_PAGE, currentPage: 1, nextLink: '' } });
	};
	const LOAN_STATUS = { using: 'repaying', overdue: 'overdue', cleared: 'cleared' };
	router.add('GET', `${P}/loan/list`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, { status: { type: 'string', in: Object.keys(LOAN_STATUS) }, dateStart: time, dateEnd: time })) return;
		const q = ctx.query;
		// "using" lists the loans being repaid (the example's status is "repaying"); dateEnd is the start of the last day.
		const list = state.loans
			.filter((/** @type {any} */ l) => (q.status === undefined || l.status === LOAN_STATUS[/** @type {'using'} */ (q.status)]) &&
				(q.dateStart === undefined || l.createdAt >= Number(q.dateStart)) && (q.dateEnd === undefined || l.createdAt < Number(q.dateEnd) + 86400))
			.sort((/** @type {any} */ x, /** @type {any} */ y) => y.createdAt - x.createdAt)
			.map(({ totalPending, borrowingsPending, overduePending, interestPending, ...l }) => l);
		return loanList(ctx, list);
	});
	router.add('GET', `${P}/loan/repayment/list`, (ctx) => {
		const u = h.auth(ctx);
		if (!u || !valid(ctx, { applyTraceId: { ...uuid, check: knownLoan('applyTraceId') } })) return;
		const id = ctx.query.applyTraceId.toLowerCase();
		return loanList(ctx, state.repayments.filter((/** @type {any} */ r) => r.applyTraceId === id).map((/** @type {any} */ r) => r.record));
	});
	router.add('GET', `${P}/loan/repayment/status`, (ctx) => {
		const u = h.auth(ctx);
		const find = (/** @type {string} */ v) => state.repayments.find((/** @type {any} */ r) => r.repaymentTraceId === v.toLowerCase());
		if (!u || !valid(ctx, { repaymentTraceId: { ...uuid, check: (v) => (find(v) ? null : msg.invalid('repaymentTraceId')) } })) return;
		const r = find(ctx.query.repaymentTraceId).record;
		return h.ok(ctx, { asset: r.asset, amount: r.amount, time: r.createdAt }, { intCode: true });
	});

	// ---- Asset page (draft): public, the page shows no header ----
	router.add('GET', `${P}/asset/relations`, (ctx) => {
		if (!valid(ctx, {})) return;
		/** @param {any} a @param {number} parent */
		const view = (a, parent) => ({ id: a.id, name: a.name, symbol: a.symbol, mixinId: a.mixinId, mixinChainId: a.mixinChainId, parentAssetId: parent });
		return h.ok(ctx, ASSETS.map((a) => ({
			parentAssetId: a.id,
			// BTC has a mirror token on the page's example (exBTC); the others have none here.
			mirrorAsset: a.symbol === 'BTC' ? view({ id: 101, name: 'exBTC', symbol: 'exBTC', mixinId: seedUuid('exBTC'), mixinChainId: ASSETS[1].mixinId }, a.id) : null,
			assets: [view(a, a.id)],
		})), { intCode: true });
	});
}

module.exports = { registerExinOneRoutes };
