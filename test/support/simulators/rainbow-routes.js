'use strict';
/**
 * Rainbow open-API endpoints: every path the Rainbow node calls except login/refresh. Answers are bare
 * data objects shaped like the swagger definitions; lists are `{count, items}`, newest first, paged
 * (page 1-based, limit default 10) where the docs give `page`/`limit` (mints, transfers, contracts,
 * files, metadata, and burns, whose swagger declares none: setBurnPaging(false) answers them whole);
 * errors are `{code, message}` with code = HTTP status × 100 unless noted.
 */
const crypto = require('node:crypto');
const { CHAINS, CONTRACT_TYPES, goTime, fakeAddress } = require('./rainbow-state');
const { makeHelpers, CHAIN_NAMES, CTYPE_NAMES } = require('./rainbow-helpers');
const { registerRainbowTaskRoutes } = require('./rainbow-routes-tasks');

/**
 * @param {ReturnType<import('./http-sim').createRouter>} router
 * @param {{ ok: Function, err: Function, url: () => string, clock: import('./clock').SimClock, limits: { mintLimit: number|null } }} h
 */
function registerRainbowRoutes(router, h) {
	const u = makeHelpers(h);
	const { ok, err, now, need, chainOk, ctypeOk, body, paged, byId, contract, quotaOk } = u;
	/** @param {any} ctx @param {any} c @param {any} item @param {string} prefix */
	const mintOne = (ctx, c, item, prefix) => {
		const app = ctx.app;
		const amount = item.amount === undefined ? 1 : Number(item.amount);
		if (!Number.isInteger(amount) || amount < 1 || (c.type === 1 && amount !== 1)) return err(ctx, 400, 40000, `${prefix}amount must be 1 for erc721 and a positive integer for erc1155`), null;
		let tokenId = item.token_id;
		if (tokenId === undefined || tokenId === '') tokenId = String(app.nextTokenId(c));
		else if (c.type === 1 && app.mints.some((/** @type {any} */ m) => m.contract === c.address && m.token_id === String(tokenId) && m.status !== 2)) {
			return err(ctx, 409, 40900, `${prefix}token_id ${tokenId} already exists`), null;
		}
		return { mint_to: item.mint_to_address, token_id: tokenId, token_uri: item.metadata_uri || '', amount };
	};
	/** @param {any} app @param {any} t */
	const settleMint = (app, t) => app.queueTask('mint', t);

	// ---- metadata ----
	router.add('POST', '/v1/metadata/', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['name', 'description', 'image'])) return;
		if (b.attributes !== undefined && !Array.isArray(b.attributes)) return err(ctx, 400, 40000, 'attributes must be an array');
		const app = ctx.app;
		const metadata_id = crypto.randomUUID().replace(/-/g, '');
		const t = goTime(now());
		const m = {
			id: ++app.seq.metadata, created_at: t, updated_at: t, deleted_at: null, app_id: app.appNumId, metadata_id,
			name: b.name, description: b.description, image: b.image, external_link: b.external_link || '',
			animation_url: b.animation_url || '', attributes: b.attributes || [], uri: `${h.url()}/assets/metadata/${metadata_id}.json`,
		};
		app.metadata.push(m);
		return ok(ctx, m);
	});
	router.add('GET', '/v1/metadata/', (ctx) => paged(ctx, ctx.app.metadata));
	router.add('GET', '/v1/metadata/:metadata_id', (ctx) => {
		const m = ctx.app.metadata.find((/** @type {any} */ x) => x.metadata_id === ctx.params.metadata_id);
		return m ? ok(ctx, m) : err(ctx, 404, 40400, 'metadata not found');
	});

	// ---- contracts ----
	router.add('GET', '/v1/contracts/', (ctx) => paged(ctx, ctx.app.contracts));
	router.add('POST', '/v1/contracts/', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'name', 'symbol', 'type']) || !chainOk(ctx, b.chain)) return;
		if (!CTYPE_NAMES.includes(b.type)) return err(ctx, 400, 40000, `type must be one of ${CTYPE_NAMES.join(', ')}`);
		if (b.royalties_bps !== undefined && !(Number.isInteger(b.royalties_bps) && b.royalties_bps >= 0 && b.royalties_bps <= 10000)) return err(ctx, 400, 40000, 'royalties_bps must be an integer between 0 and 10000');
		const app = ctx.app;
		const c = app.newContract(b, now());
		app.later(() => app.deployed(c, b.chain));
		return ok(ctx, c);
	});
	router.add('GET', '/v1/contracts/detail/:id', (ctx) => byId(ctx, ctx.app.contracts, 'contract'));
	router.add('GET', '/v1/contracts/:address/admin', (ctx) => {
		const c = contract(ctx, ctx.params.address);
		return c ? ok(ctx, ctx.app.admins.get(c.address)) : undefined;
	});
	router.add('PUT', '/v1/contracts/:address/admin', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['admin_address'])) return;
		const app = ctx.app;
		const c = contract(ctx, ctx.params.address);
		if (!c) return;
		const tx_id = app.newTx(app.chainOf(c), c.address, 5, now());
		app.later(() => {
			app.admins.set(c.address, b.admin_address);
			app.finish({ tx_id }, 1);
		});
		return ok(ctx, { tx_id });
	});
	router.add('GET', '/v1/contracts/:address/profile', (ctx) => {
		const c = contract(ctx, ctx.params.address);
		if (!c) return;
		const ids = ctx.app.mints.filter((/** @type {any} */ m) => m.contract === c.address && /^\d+$/.test(m.token_id)).map((/** @type {any} */ m) => Number(m.token_id));
		return ok(ctx, { contract: c, max_token_id: ids.length ? Math.max(...ids) : 0 });
	});
	router.add('GET', '/v1/contracts/:address/sponsor', (ctx) => {
		if (ctx.query.chain !== undefined && !chainOk(ctx, ctx.query.chain)) return;
		const c = contract(ctx, ctx.params.address, ctx.query.chain);
		if (!c) return;
		const sponsor = fakeAddress(ctx.app.chainOf(c), 'rainbow-sponsor', 'ac');
		return ok(ctx, {
			gas_sponsor: sponsor, gas_sponsor_balance: '10000000000000000000', gas_upper_bound: '1000000000000000',
			collateral_sponsor: sponsor, collateral_sponsor_balance: '50000000000000000000', is_all_white_listed: ctx.app.whitelists.get(c.address).size === 0,
		});
	});
	router.add('POST', '/v1/contracts/:address/sponsor', (ctx) => {
		const q = ctx.query;
		if (q.chain !== undefined && !chainOk(ctx, q.chain)) return;
		if (q.auto_sponsor !== undefined && q.auto_sponsor !== 'true' && q.auto_sponsor !== 'false') return err(ctx, 400, 40000, 'auto_sponsor must be true or false');
		const app = ctx.app;
		const c = contract(ctx, ctx.params.address, q.chain);
		if (!c) return;
		if (q.auto_sponsor !== undefined) c.auto_sponsor = q.auto_sponsor === 'true';
		const gas = app.newTx(app.chainOf(c), c.address, 6, now());
		const coll = app.newTx(app.chainOf(c), c.address, 6, now());
		app.later(() => (app.finish({ tx_id: gas }, 1), app.finish({ tx_id: coll }, 1)));
		return ok(ctx, { sponsor_gas_tx_id: gas, sponsor_collateral_tx_id: coll });
	});
	router.add('GET', '/v1/contracts/:address/sponsor/whitelist', (ctx) => {
		const c = contract(ctx, ctx.params.address);
		return c ? ok(ctx, [...ctx.app.whitelists.get(c.address)]) : undefined;
	});
	for (const method of ['POST', 'DELETE']) {
		router.add(method, '/v1/contracts/:address/sponsor/whitelist', (ctx) => {
			if (ctx.bodyError) return err(ctx, 400, 40000, ctx.bodyError);
			// swagger: the body is the array itself; the docs' examples wrap it as {users: [...]}: accept both
			const users = Array.isArray(ctx.body) ? ctx.body : ctx.body && ctx.body.users;
			if (!Array.isArray(users) || users.length === 0) return err(ctx, 400, 40000, 'users is required');
			if (users.some((u) => typeof u !== 'string' || u === '')) return err(ctx, 400, 40000, 'users must be non-empty address strings');
			const app = ctx.app;
			const c = contract(ctx, ctx.params.address);
			if (!c) return;
			const tx_id = app.newTx(app.chainOf(c), c.address, 7, now());
			const wl = app.whitelists.get(c.address);
			users.forEach((u) => (method === 'POST' ? wl.add(u) : wl.delete(u)));
			app.later(() => app.finish({ tx_id }, 1));
			return ok(ctx, { tx_id });
		});
	}

	// ---- mints ----
	router.add('GET', '/v1/mints/', (ctx) => {
		const q = ctx.query;
		if (q.chain !== undefined && !chainOk(ctx, q.chain)) return;
		if (q.status !== undefined && !['0', '1', '2'].includes(q.status)) return err(ctx, 400, 40000, 'status must be 0, 1 or 2');
		const list = ctx.app.mints.filter((/** @type {any} */ m) =>
			(q.contract === undefined || m.contract.toLowerCase() === q.contract.toLowerCase()) &&
			(q.mint_to === undefined || m.mint_to.toLowerCase() === q.mint_to.toLowerCase()) &&
			(q.status === undefined || m.status === Number(q.status)) &&
			(q.chain === undefined || m.chain_id === CHAINS[/** @type {'conflux'} */ (q.chain)].chain_id));
		return paged(ctx, list);
	});
	router.add('POST', '/v1/mints/', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_address', 'mint_to_address']) || !chainOk(ctx, b.chain)) return;
		const c = contract(ctx, b.contract_address, b.chain);
		if (!c || !quotaOk(ctx, 1)) return;
		const item = mintOne(ctx, c, b, '');
		if (!item) return;
		const t = ctx.app.newMint(c, item, now());
		settleMint(ctx.app, t);
		return ok(ctx, t);
	});
	router.add('POST', '/v1/mints/customizable/batch', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'contract_address', 'mint_items']) || !chainOk(ctx, b.chain)) return;
		if (!Array.isArray(b.mint_items)) return err(ctx, 400, 40000, 'mint_items must be an array');
		for (let i = 0; i < b.mint_items.length; i++) if (!need(ctx, b.mint_items[i], ['mint_to_address'], `mint_items[${i}].`)) return;
		const c = contract(ctx, b.contract_address, b.chain);
		if (!c || !quotaOk(ctx, b.mint_items.length)) return;
		/** @type {any[]} */
		const items = [];
		let next = ctx.app.nextTokenId(c);
		for (let i = 0; i < b.mint_items.length; i++) {
			const src = { ...b.mint_items[i] };
			if (src.token_id === undefined || src.token_id === '') src.token_id = String(next++);
			const it = mintOne(ctx, c, src, `mint_items[${i}].`);
			if (!it) return;
			if (c.type === 1 && items.some((x) => x.token_id === it.token_id)) return err(ctx, 409, 40900, `mint_items[${i}].token_id ${it.token_id} is duplicated`);
			items.push(it);
		}
		const tasks = items.map((it) => ctx.app.newMint(c, it, now()));
		tasks.forEach((t) => settleMint(ctx.app, t));
		return ok(ctx, tasks);
	});
	/** Easy mint on the app's built-in contract for the chain. @param {any} ctx @param {string} chain @param {any} meta */
	const easyMint = (ctx, chain, meta) => {
		const app = ctx.app;
		if (!quotaOk(ctx, 1)) return;
		let c = app.contracts.find((/** @type {any} */ x) => x.name === 'Rainbow Easy Mint' && app.chainOf(x) === chain);
		if (!c) {
			c = app.newContract({ chain, name: 'Rainbow Easy Mint', symbol: 'REM', type: 'erc721' }, now());
			app.deployed(c, chain);
		}
		const t0 = goTime(now());
		const metadata_id = crypto.randomUUID().replace(/-/g, '');
		const m = {
			id: ++app.seq.metadata, created_at: t0, updated_at: t0, deleted_at: null, app_id: app.appNumId, metadata_id, name: meta.name,
			description: meta.description || '', image: meta.image, external_link: '', animation_url: meta.animation_url || '',
			attributes: meta.attributes || [], uri: `${h.url()}/assets/metadata/${metadata_id}.json`,
		};
		app.metadata.push(m);
		const t = app.newMint(c, { mint_to: meta.mint_to_address, token_id: String(app.nextTokenId(c)), token_uri: m.uri, amount: 1, mint_type: 2 }, now());
		settleMint(app, t);
		return ok(ctx, t);
	};
	router.add('POST', '/v1/mints/easy/files', (ctx) => {
		if (!ctx.multipart) return err(ctx, 400, 40000, ctx.bodyError || 'request must be multipart/form-data');
		const f = ctx.multipart.fields;
		if (!need(ctx, f, ['chain', 'name', 'description', 'mint_to_address']) || !chainOk(ctx, f.chain)) return;
		const file = ctx.multipart.files.find((/** @type {any} */ x) => x.field === 'file');
		if (!file) return err(ctx, 400, 40000, 'file is required');
		const up = storeFile(ctx.app, file, 'ipfs');
		return easyMint(ctx, f.chain, { ...f, image: up.file_url });
	});
	router.add('POST', '/v1/mints/easy/urls', (ctx) => {
		const b = body(ctx);
		if (!b || !need(ctx, b, ['chain', 'name', 'file_url', 'mint_to_address']) || !chainOk(ctx, b.chain)) return;
		return easyMint(ctx, b.chain, { ...b, image: b.file_url });
	});
	router.add('GET', '/v1/mints/:id', (ctx) => byId(ctx, ctx.app.mints, 'mint task'));
	router.add('POST', '/v1/mints/:id/reMint', (ctx) => {
		const id = ctx.params.id;
		if (!/^\d+$/.test(id)) return err(ctx, 400, 40000, 'id must be an integer');
		const t = ctx.app.mints.find((/** @type {any} */ x) => x.id === Number(id));
		if (!t) return err(ctx, 404, 40400, 'mint task not found');
		if (t.status === 1) return err(ctx, 400, 40000, 'mint task already succeeded');
		Object.assign(t, { status: 0, error: '', hash: '', updated_at: goTime(now()) });
		settleMint(ctx.app, t);
		return ok(ctx, t);
	});

	// ---- files ----
	/** @param {any} app @param {any} file @param {'ipfs'|'oss'} where */
	function storeFile(app, file, where) {
		const name = `${crypto.randomUUID()}${(/\.[A-Za-z0-9]+$/.exec(file.filename) || [''])[0]}`;
		const file_url = where === 'oss' ? `https://nftrainbow.oss-cn-hangzhou.aliyuncs.com/${app.appId}/${name}` : `https://nftrainbow.mypinata.cloud/ipfs/Qm${crypto.createHash('sha256').update(file.data).digest('hex').slice(0, 44)}`;
		const t = goTime(now());
		const rec = { id: ++app.seq.file, created_at: t, updated_at: t, deleted_at: null, file_name: file.filename, file_size: file.size, file_type: file.contentType, file_url };
		app.files.push(rec);
		return { file_name: rec.file_name, file_size: rec.file_size, file_type: rec.file_type, file_url };
	}
	router.add('GET', '/v1/files/', (ctx) => paged(ctx, ctx.app.files));
	for (const [path, where] of /** @type {[string, 'ipfs'|'oss'][]} */ ([['/v1/files/', 'ipfs'], ['/v1/files/oss', 'oss']])) {
		router.add('POST', path, (ctx) => {
			if (!ctx.multipart) return err(ctx, 400, 40000, ctx.bodyError || 'request must be multipart/form-data');
			const file = ctx.multipart.files.find((/** @type {any} */ x) => x.field === 'file');
			return file ? ok(ctx, storeFile(ctx.app, file, where)) : err(ctx, 400, 40000, 'file is required');
		});
	}
	for (const [path, where] of /** @type {[string, 'ipfs'|'oss'][]} */ ([['/v1/files/folder', 'ipfs'], ['/v1/files/folder/oss', 'oss']])) {
		router.add('POST', path, (ctx) => {
			if (!ctx.multipart) return err(ctx, 400, 40000, ctx.bodyError || 'request must be multipart/form-data');
			const files = ctx.multipart.files.filter((/** @type {any} */ x) => x.field === 'folder');
			if (!files.length) return err(ctx, 400, 40000, 'folder is required');
			files.forEach((/** @type {any} */ f) => storeFile(ctx.app, f, where));
			const cid = crypto.createHash('sha256').update(files.map((/** @type {any} */ f) => f.filename).join('/')).digest('hex').slice(0, 44);
			return ok(ctx, { file_num: files.length, folder_url: where === 'oss' ? `https://nftrainbow.oss-cn-hangzhou.aliyuncs.com/${ctx.app.appId}/folder-${cid}/` : `https://nftrainbow.mypinata.cloud/ipfs/Qm${cid}/` });
		});
	}


	registerRainbowTaskRoutes(router, h, u);
}

module.exports = { registerRainbowRoutes, makeHelpers, CHAIN_NAMES, CTYPE_NAMES };
