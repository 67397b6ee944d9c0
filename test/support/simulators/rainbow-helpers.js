'use strict';
/**
 * The validation and answer helpers the Rainbow route modules share: chain and contract-type checks,
 * required fields, JSON bodies, `{count, items}` paging, lookups by id, the mint quota.
 */
const crypto = require('node:crypto');
const { CHAINS, CONTRACT_TYPES, goTime, fakeAddress } = require('./rainbow-state');

const CHAIN_NAMES = Object.keys(CHAINS);
const CTYPE_NAMES = Object.keys(CONTRACT_TYPES);

/**
 * Validation and answer helpers shared by the route modules.
 * @param {{ ok: Function, err: Function, url: () => string, clock: import('./clock').SimClock, limits: { mintLimit: number|null } }} h
 */
function makeHelpers(h) {
	const { ok, err, clock } = h;
	const now = () => clock.nowPrecise();
	/** Missing-field check (400 40000 "<field> is required"). @param {any} ctx @param {any} src @param {string[]} fields @param {string} [prefix] */
	const need = (ctx, src, fields, prefix = '') => {
		for (const f of fields) {
			const v = src ? src[f] : undefined;
			if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) {
				err(ctx, 400, 40000, `${prefix}${f} is required`);
				return false;
			}
		}
		return true;
	};
	/** @param {any} ctx @param {unknown} chain */
	const chainOk = (ctx, chain) => {
		if (CHAIN_NAMES.includes(String(chain))) return true;
		err(ctx, 400, 40000, `chain must be one of ${CHAIN_NAMES.join(', ')}`);
		return false;
	};
	/** @param {any} ctx @param {unknown} t */
	const ctypeOk = (ctx, t) => {
		if (CTYPE_NAMES.includes(String(t))) return true;
		err(ctx, 400, 40000, `contract_type must be one of ${CTYPE_NAMES.join(', ')}`);
		return false;
	};
	/** JSON object body or 400. @param {any} ctx */
	const body = (ctx) => {
		if (ctx.bodyError || (ctx.body !== undefined && (typeof ctx.body !== 'object' || ctx.body === null))) {
			err(ctx, 400, 40000, ctx.bodyError || 'request body must be a JSON object');
			return null;
		}
		return ctx.body || {};
	};
	/**
	 * A list Rainbow pages with `page` and `limit` query parameters (page 1-based, limit default 10),
	 * newest first (highest id first: the swagger states no order; the simulator keeps this one).
	 * @param {any} ctx @param {any[]} list
	 */
	const paged = (ctx, list) => {
		const page = ctx.query.page === undefined ? 1 : Number(ctx.query.page);
		const limit = ctx.query.limit === undefined ? 10 : Number(ctx.query.limit);
		if (!Number.isInteger(page) || page < 1) return err(ctx, 400, 40000, 'page must be a positive integer');
		if (!Number.isInteger(limit) || limit < 1) return err(ctx, 400, 40000, 'limit must be a positive integer');
		const sorted = [...list].sort((a, b) => b.id - a.id);
		return ok(ctx, { count: sorted.length, items: sorted.slice((page - 1) * limit, page * limit) });
	};
	/**
	 * A list answered whole, newest first, whatever `page` and `limit` say, as a server that does not page
	 * would (GET /v1/burns with setBurnPaging(false): its swagger declares no query parameter), so a
	 * client paging it gets the same records again on every "page". @param {any} ctx @param {any[]} list
	 */
	const whole = (ctx, list) => {
		const sorted = [...list].sort((a, b) => b.id - a.id);
		return ok(ctx, { count: sorted.length, items: sorted });
	};
	/** @param {any} ctx @param {any[]} list @param {string} what */
	const byId = (ctx, list, what) => {
		const id = ctx.params.id;
		if (!/^\d+$/.test(id)) return err(ctx, 400, 40000, 'id must be an integer');
		const item = list.find((x) => x.id === Number(id));
		return item ? ok(ctx, item) : err(ctx, 404, 40400, `${what} not found`);
	};
	/** Deployed contract on the given chain (or any chain when `chain` is undefined). @param {any} ctx @param {string} address @param {string} [chain] */
	const contract = (ctx, address, chain) => {
		const c = ctx.app.contractByAddress(address);
		if (!c || (chain !== undefined && ctx.app.chainOf(c) !== chain)) {
			err(ctx, 404, 40400, `contract ${address} not found${chain ? ` on ${chain}` : ''}`);
			return null;
		}
		return c;
	};
	/** HTTP 200 with a non-zero business code when the mint quota is exceeded. @param {any} ctx @param {number} n */
	const quotaOk = (ctx, n) => {
		const lim = h.limits.mintLimit;
		if (lim === null || lim === undefined || ctx.app.mintCount + n <= lim) return true;
		ctx.send(200, { code: 60001, message: 'mint limit exceeded' });
		return false;
	};
	return { ok, err, clock, now, need, chainOk, ctypeOk, body, paged, whole, byId, contract, quotaOk };
}

module.exports = { makeHelpers, CHAIN_NAMES, CTYPE_NAMES };
