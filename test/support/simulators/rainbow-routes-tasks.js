'use strict';
/**
 * Rainbow open-API endpoints, second part: transfers, burns, NFTs, transactions and accounts.
 */
const { goTime, fakeAddress } = require('./rainbow-state');

const CTYPE_NAMES = ['erc721', 'erc1155'];

/**
 * @param {ReturnType<import('./http-sim').createRouter>} router
 * @param {any} h options given to registerRainbowRoutes
 * @param {any} u helpers from makeHelpers(h)
 */
function registerRainbowTaskRoutes(router, h, u) {
	const { ok, err, now, need, chainOk, ctypeOk, body, paged, whole, byId, contract } = u;
	// ---- transfers ----
	/** @param {any} ctx @param {any} c @param {any} it @param {string} prefix */
	const transferOne = (ctx, c, it, prefix) => {
		const app = ctx.app;
		const nft = app.nfts.get(`${c.address}/${it.token_id}`);
		if (!nft) return err(ctx, 404, 40400, `${prefix}token ${it.token_id} not found`), null;
		const tr = {
			id: 0, created_at: goTime(now()), updated_at: goTime(now()), deleted_at: null, app_id: app.appNumId,
			chain_type: c.chain_type, chain_id: c.chain_id, contract: c.address, contract_type: c.type, token_id: String(it.token_id),
			amount: it.amount || 1, transfer_from: it.transfer_from_address, transfer_to: it.transfer_to_address,
			tx_id: 0, hash: '', status: 0, error: '', block_reason: 0,
		};
		return tr;
	};
	router.add('GET', '/v1/transfers/', (ctx) => paged(ctx, ctx.app.transfers));
	router.add('GET', '/v1/transfers/:id', (ctx) => byId(ctx, ctx.app.transfers, 'transfer task'));
	/** @param {any} ctx @param {any} b @param {any[]} items */
	const doTransfers = (ctx, b, items) => {
		const c = contract(ctx, b.contract_address, b.chain);
		if (!c) return null;
		/** @type {any[]} */
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const tr = transferOne(ctx, c, items[i], items.length > 1 || Array.isArray(b.items) ? `items[${i}].` : '');
			if (!tr) return null;
			out.push(tr);
		}
		const app = ctx.app;
		for (const tr of out) {
			tr.id = ++app.seq.transfer;
			tr.tx_id = app.newTx(app.chainOf(c), c.address, 3, now());
			app.transfers.push(tr);
			app.queueTask('transfer', tr);
		}
		return out;
	};
	const TRANSFER_ITEM = ['token_id', 'transfer_from_address', 'transfer_to_address'];
	router.add('POST', '/v1/transfers/customizable', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_address', 'contract_type', ...TRANSFER_ITEM]) || !chainOk(ctx, b.chain) || !ctypeOk(ctx, b.contract_type)) return;
		const out = doTransfers(ctx, b, [b]);
		return out ? ok(ctx, out[0]) : undefined;
	});
	router.add('POST', '/v1/transfers/customizable/batch', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_address', 'contract_type', 'items']) || !chainOk(ctx, b.chain) || !ctypeOk(ctx, b.contract_type)) return;
		if (!Array.isArray(b.items)) return err(ctx, 400, 40000, 'items must be an array');
		for (let i = 0; i < b.items.length; i++) if (!need(ctx, b.items[i], TRANSFER_ITEM, `items[${i}].`)) return;
		const out = doTransfers(ctx, b, b.items);
		return out ? ok(ctx, out) : undefined;
	});

	// ---- burns ----
	/** @param {any} ctx @param {any} b @param {any[]} items */
	const doBurns = (ctx, b, items) => {
		const app = ctx.app;
		const c = contract(ctx, b.contract_address, b.chain);
		if (!c) return null;
		/** @type {any[]} */
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const it = items[i];
			const nft = app.nfts.get(`${c.address}/${it.token_id}`);
			if (!nft) return err(ctx, 404, 40400, `${Array.isArray(b.items) ? `items[${i}].` : ''}token ${it.token_id} not found`), null;
			out.push({
				id: 0, created_at: goTime(now()), updated_at: goTime(now()), deleted_at: null, app_id: app.appNumId, chain_type: c.chain_type,
				chain_id: c.chain_id, contract: c.address, contract_type: c.type, token_id: String(it.token_id), amount: it.amount || 1,
				user: b.user || nft.owner, tx_id: 0, hash: '', status: 0, error: '', block_reason: 0,
			});
		}
		for (const bt of out) {
			bt.id = ++app.seq.burn;
			bt.tx_id = app.newTx(app.chainOf(c), c.address, 4, now());
			app.burns.push(bt);
			app.queueTask('burn', bt);
		}
		return out;
	};
	// Rainbow's burns.md documents `page` and `limit` for GET /v1/burns, its swagger none: paged by
	// default; with setBurnPaging(false) (/__sim/burn-paging) the whole list whatever they say.
	router.add('GET', '/v1/burns', (ctx) => (h.settings.pageBurns ? paged : whole)(ctx, ctx.app.burns));
	router.add('GET', '/v1/burns/:id', (ctx) => byId(ctx, ctx.app.burns, 'burn task'));
	router.add('POST', '/v1/burns', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_address', 'contract_type', 'token_id']) || !chainOk(ctx, b.chain) || !ctypeOk(ctx, b.contract_type)) return;
		const out = doBurns(ctx, b, [b]);
		return out ? ok(ctx, out[0]) : undefined;
	});
	router.add('POST', '/v1/burns/customizable/batch', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_address', 'contract_type', 'items']) || !chainOk(ctx, b.chain) || !ctypeOk(ctx, b.contract_type)) return;
		if (!Array.isArray(b.items)) return err(ctx, 400, 40000, 'items must be an array');
		for (let i = 0; i < b.items.length; i++) if (!need(ctx, b.items[i], ['token_id'], `items[${i}].`)) return;
		const out = doBurns(ctx, b, b.items);
		return out ? ok(ctx, out) : undefined;
	});

	// ---- NFTs, transactions, accounts ----
	router.add('GET', '/v1/nft/:address/:token_id', (ctx) => {
		const { address, token_id } = ctx.params;
		const c = contract(ctx, address);
		if (!c) return;
		const nft = ctx.app.nfts.get(`${c.address}/${token_id}`);
		return nft ? ok(ctx, { contract_address: c.address, token_id, owner: nft.owner, token_uri: nft.token_uri }) : err(ctx, 404, 40400, 'nft not found');
	});
	router.add('GET', '/v1/nft/count/:address/:token_id/:holder', (ctx) => {
		const { address, token_id, holder } = ctx.params;
		if (ctx.query.type !== undefined && !CTYPE_NAMES.includes(ctx.query.type)) return err(ctx, 400, 40000, `type must be one of ${CTYPE_NAMES.join(', ')}`);
		const c = contract(ctx, address);
		if (!c) return;
		const nft = ctx.app.nfts.get(`${c.address}/${token_id}`);
		const count = nft && nft.owner.toLowerCase() === holder.toLowerCase() ? nft.amount : 0;
		return ok(ctx, { count });
	});
	router.add('PUT', '/v1/nft/:address/:token_id/tokenUri', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_type']) || !chainOk(ctx, b.chain) || !ctypeOk(ctx, b.contract_type)) return;
		const app = ctx.app;
		const c = contract(ctx, ctx.params.address, b.chain);
		if (!c) return;
		const nft = app.nfts.get(`${c.address}/${ctx.params.token_id}`);
		if (!nft) return err(ctx, 404, 40400, 'nft not found');
		nft.token_uri = b.token_uri || '';
		const tx_id = app.newTx(b.chain, c.address, 8, now());
		app.later(() => app.finish({ tx_id }, 1));
		return ok(ctx, app.txs.get(tx_id));
	});
	router.add('GET', '/v1/tx/:id', (ctx) => {
		if (!/^\d+$/.test(ctx.params.id)) return err(ctx, 400, 40000, 'id must be an integer');
		const tx = ctx.app.txs.get(Number(ctx.params.id));
		if (!tx) return err(ctx, 404, 40400, 'transaction not found');
		const done = tx.status !== 0;
		return ok(ctx, {
			hash: tx.hash, is_finalized: done, is_success: tx.status === 1, state_code: tx.state,
			state_msg: done ? (tx.status === 1 ? 'executed' : 'failed') : 'pending', error_msg: tx.status === 2 ? tx.error || 'execution reverted' : '',
		});
	});
	router.add('GET', '/v1/accounts', (ctx) => {
		const p = ctx.query.phone;
		return ok(ctx, ctx.app.accounts.filter((/** @type {any} */ a) => p === undefined || a.phone === p));
	});
	router.add('POST', '/v1/accounts', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['phone'])) return;
		if (!/^\+?\d{5,15}$/.test(String(b.phone))) return err(ctx, 400, 40000, 'phone is invalid');
		const app = ctx.app;
		const existing = app.accounts.filter((/** @type {any} */ a) => a.phone === String(b.phone));
		if (existing.length && !b.create_if_exists) return ok(ctx, existing);
		const label = `acct-${app.appId}-${app.accounts.length + 1}`;
		const a = { phone: String(b.phone), conflux_mainnet_address: fakeAddress('conflux', label), conflux_testnet_address: fakeAddress('conflux_test', label) };
		app.accounts.push(a);
		return ok(ctx, [a]);
	});
}

module.exports = { registerRainbowTaskRoutes };
