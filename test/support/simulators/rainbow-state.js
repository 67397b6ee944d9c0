'use strict';
/**
 * In-memory per-app state of the Rainbow simulator: seeded contracts, mint tasks, metadata, files,
 * transfers, burns, transactions, NFTs and accounts, plus the model factories shaped like the swagger
 * definitions (models.MintTask, models.Contract, ...). Pending tasks settle (status 0 → 1) once the
 * simulator clock passes their settle time; with `autoSettle` off, mint, transfer and burn tasks stay
 * pending (0) until a test settles them to success (1) or failure (2, with an `error` text).
 */
const crypto = require('node:crypto');

const CHAINS = { conflux: { chain_type: 1, chain_id: 1029, prefix: 'cfx' }, conflux_test: { chain_type: 1, chain_id: 1, prefix: 'cfxtest' } };
const CONTRACT_TYPES = { erc721: 1, erc1155: 2 };
const BASE32 = 'abcdefghjkmnprstuvwxyz0123456789';

/**
 * Go's time.Time JSON in +08:00 with 7 fractional digits, e.g. "2022-08-31T15:54:04.2046805+08:00".
 * @param {number} ms epoch ms, may be fractional
 */
function goTime(ms) {
	const local = ms + 8 * 3600e3;
	const whole = Math.floor(local / 1000) * 1000;
	const frac = String(Math.floor((local - whole) * 10000)).padStart(7, '0').slice(0, 7);
	return `${new Date(whole).toISOString().slice(0, 19)}.${frac}+08:00`;
}

/** Conflux-looking base32 address (no real checksum). @param {string} chain @param {string} label @param {'aa'|'ac'} [kind] */
function fakeAddress(chain, label, kind = 'aa') {
	const h = crypto.createHash('sha512').update(label).digest();
	let s = kind;
	for (let i = 0; s.length < 42; i++) s += BASE32[h[i] % 32];
	return `${CHAINS[/** @type {'conflux'} */ (chain)].prefix}:${s}`;
}
/** @param {string} label */
function fakeHash(label) {
	return '0x' + crypto.createHash('sha256').update(label).digest('hex');
}

/** The task lists a test can settle by hand, by kind. */
const TASK_LISTS = { mint: 'mints', transfer: 'transfers', burn: 'burns' };

/**
 * @param {number} appNumId
 * @param {string} appId
 * @param {{ nowPrecise: () => number }} clock
 * @param {number} settleMs
 * @param {{ autoSettle: boolean }} [settings] shared with the simulator, read when a task is created
 */
function createAppState(appNumId, appId, clock, settleMs, settings = { autoSettle: true }) {
	const t0 = clock.nowPrecise();
	/** @type {any} */
	const s = {
		appNumId,
		appId,
		/** @type {Record<string, number>} */
		seq: { contract: 0, mint: 0, metadata: 0, file: 0, transfer: 0, burn: 0, tx: 0 },
		/** @type {any[]} */ contracts: [],
		/** @type {any[]} */ mints: [],
		/** @type {any[]} */ metadata: [],
		/** @type {any[]} */ files: [],
		/** @type {any[]} */ transfers: [],
		/** @type {any[]} */ burns: [],
		/** @type {Map<number, any>} */ txs: new Map(),
		/** @type {Map<string, {owner: string, token_uri: string, amount: number}>} key `${address}/${token_id}` */
		nfts: new Map(),
		/** @type {Map<string, Set<string>>} */ whitelists: new Map(),
		/** @type {Map<string, string>} */ admins: new Map(),
		/** @type {any[]} */ accounts: [],
		/** @type {string[]} */ holders: [],
		/** @type {{at: number, fn: () => void}[]} */ pending: [],
		mintCount: 0,
		settleMs,
	};
	/** @param {number} ms */
	const base = (ms) => ({ id: 0, created_at: goTime(ms), updated_at: goTime(ms), deleted_at: null });

	/** Creates a models.Transaction; returns its id. @param {string} chain @param {string} to @param {number} taskType @param {number} ms */
	s.newTx = (chain, to, taskType, ms) => {
		const id = ++s.seq.tx;
		const c = CHAINS[/** @type {'conflux'} */ (chain)];
		s.txs.set(id, {
			...base(ms), id, hash: '', from: fakeAddress(chain, `app-${appId}`), to, nonce: id, value: 0, gas: 0, gasPrice: 1000000000,
			gasFee: 0, storageLimit: 0, storageCollateralized: 0, gasCoveredBySponsor: true, storageCoveredBySponsor: true,
			epochHeight: 0, epoch_number: 0, chainType: c.chain_type, chainId: c.chain_id, status: 0, state: 0, stage: 0,
			data: '0x', error: '', pending_reason: '', pre_hashs: '', tryReceiptCnt: 0, taskType, block_reason: 0,
		});
		return id;
	};
	/**
	 * Marks a tx executed and fills the task's hash/status.
	 * @param {any} task @param {number} status 1 ok, 2 failed @param {number} [ms] @param {string} [error] the failure's text
	 */
	s.finish = (task, status, ms = clock.nowPrecise(), error = 'execution reverted') => {
		const tx = s.txs.get(task.tx_id);
		const hash = fakeHash(`tx-${appId}-${task.tx_id}`);
		if (tx) Object.assign(tx, { hash, status: status === 1 ? 1 : 2, state: 3, stage: 3, epoch_number: 90000000 + task.tx_id, epochHeight: 90000000 + task.tx_id, gas: 21000, gasFee: 21000, error: status === 2 ? error : '', updated_at: goTime(ms) });
		Object.assign(task, { hash, status, error: status === 2 ? error : '', updated_at: goTime(ms) });
	};
	/** Queue a completion, optionally under a key that can cancel it. @param {() => void} fn @param {number} [delay] @param {string} [key] */
	s.later = (fn, delay = s.settleMs, key) => s.pending.push({ at: clock.nowPrecise() + delay, fn, key });

	/**
	 * Ends a mint, transfer or burn task, with its effect on the NFTs when it succeeds.
	 * @param {'mint'|'transfer'|'burn'} kind @param {any} task @param {'success'|'failed'} outcome @param {string} [error]
	 */
	s.completeTask = (kind, task, outcome, error) => {
		s.pending = s.pending.filter((/** @type {any} */ p) => p.key !== `${kind}/${task.id}`);
		if (outcome === 'failed') return s.finish(task, 2, undefined, error || 'execution reverted');
		if (kind === 'mint') return s.minted(task);
		s.finish(task, 1);
		const key = `${task.contract}/${task.token_id}`;
		const nft = s.nfts.get(key);
		if (kind === 'transfer' && nft) nft.owner = task.transfer_to;
		if (kind === 'burn') s.nfts.delete(key);
	};
	/** A task just created or re-queued: it succeeds after settleMs, unless autoSettle is off. @param {'mint'|'transfer'|'burn'} kind @param {any} task */
	s.queueTask = (kind, task) => {
		const key = `${kind}/${task.id}`;
		s.pending = s.pending.filter((/** @type {any} */ p) => p.key !== key);
		if (settings.autoSettle) s.later(() => s.completeTask(kind, task, 'success'), s.settleMs, key);
	};
	/** @param {string} kind */
	const listOf = (kind) => {
		const name = TASK_LISTS[/** @type {'mint'} */ (kind)];
		if (!name) throw new Error(`task kind must be one of ${Object.keys(TASK_LISTS).join(', ')}`);
		return /** @type {any[]} */ (s[name]);
	};
	/**
	 * Settles a pending task now, whatever its settle time (a queued completion is dropped).
	 * @param {'mint'|'transfer'|'burn'} kind @param {number} id @param {'success'|'failed'} outcome @param {string} [error]
	 */
	s.settleTask = (kind, id, outcome, error) => {
		if (outcome !== 'success' && outcome !== 'failed') throw new Error("outcome must be 'success' or 'failed'");
		const task = listOf(kind).find((t) => t.id === Number(id));
		if (!task) throw new Error(`no ${kind} task ${id}`);
		if (task.status !== 0) throw new Error(`${kind} task ${id} is not pending (status ${task.status})`);
		s.completeTask(kind, task, outcome, error);
		return task;
	};
	/**
	 * Creates a pending task directly (no request, no validation, never settled by time) on a seeded
	 * testnet contract unless `contract` names another; the other fields default to plausible values.
	 * @param {'mint'|'transfer'|'burn'} kind @param {Record<string, any>} [f]
	 */
	s.createTask = (kind, f = {}) => {
		listOf(kind);
		const c = f.contract ? s.contractByAddress(f.contract) : s.contracts[0];
		if (!c) throw new Error(`no deployed contract ${f.contract}`);
		const ms = clock.nowPrecise();
		if (kind === 'mint') return s.newMint(c, { mint_to: f.mint_to || s.holders[0], token_id: f.token_id ?? s.nextTokenId(c), token_uri: f.token_uri, amount: f.amount }, ms);
		const common = {
			...base(ms), app_id: appNumId, chain_type: c.chain_type, chain_id: c.chain_id, contract: c.address, contract_type: c.type,
			token_id: String(f.token_id ?? s.nextTokenId(c)), amount: f.amount || 1, hash: '', status: 0, error: '', block_reason: 0,
		};
		const task = kind === 'transfer'
			? { ...common, id: ++s.seq.transfer, transfer_from: f.transfer_from || s.holders[0], transfer_to: f.transfer_to || s.holders[1], tx_id: s.newTx(s.chainOf(c), c.address, 3, ms) }
			: { ...common, id: ++s.seq.burn, user: f.user || s.holders[0], tx_id: s.newTx(s.chainOf(c), c.address, 4, ms) };
		listOf(kind).push(task);
		return task;
	};
	/** Run completions that are due. */
	s.settle = () => {
		const now = clock.nowPrecise();
		const due = s.pending.filter((/** @type {any} */ p) => p.at <= now);
		s.pending = s.pending.filter((/** @type {any} */ p) => p.at > now);
		for (const p of due) p.fn();
	};

	/** @param {any} o @param {number} ms */
	s.newContract = (o, ms) => {
		const id = ++s.seq.contract;
		const chain = o.chain;
		const c = {
			...base(ms), id, app_id: appNumId, name: o.name, symbol: o.symbol, type: CONTRACT_TYPES[/** @type {'erc721'} */ (o.type)],
			chain_type: CHAINS[/** @type {'conflux'} */ (chain)].chain_type, chain_id: CHAINS[/** @type {'conflux'} */ (chain)].chain_id,
			address: '', owner_address: o.owner_address || fakeAddress(chain, `owner-${appId}`), base_uri: o.base_uri || '',
			royalties_address: o.royalties_address || '', royalties_bps: o.royalties_bps || 0,
			tokens_transferable_by_admin: o.tokens_transferable_by_admin !== false, tokens_transferable_by_user: o.tokens_transferable_by_user !== false,
			transfer_cooldown_time: o.transfer_cooldown_time || 0, auto_sponsor: o.auto_sponsor !== false,
			tx_id: 0, hash: '', status: 0, error: '', block_reason: 0,
		};
		c.tx_id = s.newTx(chain, '', 1, ms);
		s.contracts.push(c);
		return c;
	};
	/** @param {any} c @param {string} chain @param {number} [ms] */
	s.deployed = (c, chain, ms) => {
		c.address = fakeAddress(chain, `contract-${appId}-${c.id}`, 'ac');
		s.finish(c, 1, ms);
		s.admins.set(c.address, c.owner_address);
		s.whitelists.set(c.address, new Set());
	};
	/** @param {string} address */
	s.contractByAddress = (address) => s.contracts.find((/** @type {any} */ c) => c.address !== '' && c.address.toLowerCase() === String(address).toLowerCase());
	/** @param {any} c */
	s.chainOf = (c) => (c.chain_id === 1029 ? 'conflux' : 'conflux_test');

	/** @param {any} c contract @param {any} o {mint_to, token_id, token_uri, amount, mint_type} @param {number} ms */
	s.newMint = (c, o, ms) => {
		const id = ++s.seq.mint;
		const t = {
			...base(ms), id, app_id: appNumId, chain_type: c.chain_type, chain_id: c.chain_id, contract: c.address, contract_type: c.type,
			mint_to: o.mint_to, token_id: String(o.token_id), token_uri: o.token_uri || '', amount: o.amount || 1, mint_type: o.mint_type || 1,
			tx_id: s.newTx(s.chainOf(c), c.address, 2, ms), hash: '', status: 0, error: '', block_reason: 0,
		};
		s.mints.push(t);
		s.mintCount++;
		return t;
	};
	/** @param {any} t @param {number} [ms] */
	s.minted = (t, ms) => {
		s.finish(t, 1, ms);
		const key = `${t.contract}/${t.token_id}`;
		const prev = s.nfts.get(key);
		s.nfts.set(key, { owner: t.mint_to, token_uri: t.token_uri, amount: (prev ? prev.amount : 0) + t.amount });
	};
	/** Next free token id on a contract. @param {any} c */
	s.nextTokenId = (c) => {
		let max = 0;
		for (const m of s.mints) if (m.contract === c.address && /^\d+$/.test(m.token_id)) max = Math.max(max, Number(m.token_id));
		return max + 1;
	};

	// ---- seeds ----
	const seedContracts = [
		{ chain: 'conflux_test', name: 'Sim Collection', symbol: 'SIM', type: 'erc721' },
		{ chain: 'conflux_test', name: 'Sim Multi', symbol: 'SIMM', type: 'erc1155' },
		{ chain: 'conflux', name: 'Sim Mainnet', symbol: 'SIMX', type: 'erc721' },
	];
	seedContracts.forEach((o, i) => s.deployed(s.newContract(o, t0 - (100 - i) * 3600e3), o.chain, t0 - (100 - i) * 3600e3 + 5000));
	const holders = [0, 1, 2].map((i) => fakeAddress('conflux_test', `holder-${appId}-${i}`));
	for (let i = 0; i < 25; i++) {
		const c = s.contracts[i % 2];
		const ms = t0 - (50 - i) * 3600e3;
		const t = s.newMint(c, {
			mint_to: holders[i % 3], token_id: s.nextTokenId(c), token_uri: `https://nftrainbow.mypinata.cloud/ipfs/QmSim${i + 1}`,
			amount: c.type === 2 ? 1 + (i % 3) : 1,
		}, ms);
		if (i % 10 === 7) s.finish(t, 2, ms + 5000);
		else if (i % 10 !== 9) s.minted(t, ms + 5000); // i%10===9 stays pending forever
	}
	for (let i = 0; i < 3; i++) {
		const ms = t0 - (40 - i) * 3600e3;
		const metadata_id = crypto.createHash('md5').update(`meta-${appId}-${i}`).digest('hex');
		s.metadata.push({
			...base(ms), id: ++s.seq.metadata, app_id: appNumId, metadata_id, name: `Sim NFT #${i + 1}`, description: 'seeded metadata',
			image: `https://nftrainbow.mypinata.cloud/ipfs/QmImg${i + 1}`, external_link: '', animation_url: '', attributes: [], uri: '',
		});
		s.files.push({ ...base(ms), id: ++s.seq.file, file_name: `seed-${i + 1}.png`, file_size: 1024 * (i + 1), file_type: 'image/png', file_url: `https://nftrainbow.mypinata.cloud/ipfs/QmFile${i + 1}` });
	}
	const c0 = s.contracts[0];
	for (let i = 0; i < 4; i++) {
		const m = s.mints.find((/** @type {any} */ x) => x.contract === c0.address && x.status === 1 && x.mint_to === holders[0] && !s.transfers.some((/** @type {any} */ tr) => tr.token_id === x.token_id));
		if (!m) break;
		const tr = {
			...base(t0 - (30 - i) * 3600e3), id: ++s.seq.transfer, app_id: appNumId, chain_type: c0.chain_type, chain_id: c0.chain_id, contract: c0.address,
			contract_type: c0.type, token_id: m.token_id, amount: 1, transfer_from: holders[0], transfer_to: holders[1],
			tx_id: s.newTx('conflux_test', c0.address, 3, t0 - (30 - i) * 3600e3), hash: '', status: 0, error: '', block_reason: 0,
		};
		s.transfers.push(tr);
		s.finish(tr, 1, t0 - (30 - i) * 3600e3 + 5000);
		/** @type {any} */ (s.nfts.get(`${c0.address}/${m.token_id}`)).owner = holders[1];
	}
	const mb = s.mints.find((/** @type {any} */ x) => x.contract === c0.address && x.status === 1 && x.mint_to === holders[2]);
	if (mb) {
		const b = {
			...base(t0 - 20 * 3600e3), id: ++s.seq.burn, app_id: appNumId, chain_type: c0.chain_type, chain_id: c0.chain_id, contract: c0.address,
			contract_type: c0.type, token_id: mb.token_id, amount: 1, user: holders[2], tx_id: s.newTx('conflux_test', c0.address, 4, t0 - 20 * 3600e3), hash: '', status: 0, error: '', block_reason: 0,
		};
		s.burns.push(b);
		s.finish(b, 1, t0 - 20 * 3600e3 + 5000);
		s.nfts.delete(`${c0.address}/${mb.token_id}`);
	}
	s.accounts.push(
		{ phone: '13800000001', conflux_mainnet_address: fakeAddress('conflux', 'acct-1'), conflux_testnet_address: fakeAddress('conflux_test', 'acct-1') },
		{ phone: '13800000002', conflux_mainnet_address: fakeAddress('conflux', 'acct-2'), conflux_testnet_address: fakeAddress('conflux_test', 'acct-2') },
	);
	s.holders = holders;
	return s;
}

module.exports = { createAppState, goTime, fakeAddress, fakeHash, CHAINS, CONTRACT_TYPES, TASK_LISTS };
