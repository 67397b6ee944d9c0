'use strict';
/**
 * In-memory state of the Mixin Safe simulator: users and their sessions, assets, the UTXO set (outputs
 * with the view scalar each was made with, so their owner can spend them), the ghost keys handed out
 * by `/safe/keys`, the transaction requests, and the ledger of payments (one per submitted
 * transaction). Amounts are kept as bigint units of 10^-8 and shown as trimmed decimal strings.
 */
const crypto = require('node:crypto');
const { ed25519 } = require('@noble/curves/ed25519.js');
const { sha3_256 } = require('@noble/hashes/sha3.js');

const Point = ed25519.Point;
const ORDER = Point.Fn.ORDER;
const SCALE = 10n ** 8n;
/** ExinOne's Mixin bot (the `aud` of its login tokens), registered by default. */
const EXINONE_BOT_ID = '61103d28-3ac2-44a2-ae34-bd956070dab1';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** @param {string} uuid hex SHA3-256 of the asset UUID text (kernel `common/asset.go`) */
const kernelAssetId = (uuid) => Buffer.from(sha3_256(Buffer.from(uuid))).toString('hex');
/** hex SHA3-256 of the sorted member UUIDs concatenated (SDKs' `hashMembers`) @param {string[]} ids */
const membersHash = (ids) => Buffer.from(sha3_256(Buffer.from([...ids].sort().join('')))).toString('hex');
/** A UUID (version 3 bits) from the MD5 of a text, as Mixin derives ids. @param {string} text */
function uuidFromText(text) {
	const h = crypto.createHash('md5').update(text).digest();
	h[6] = (h[6] & 0x0f) | 0x30;
	h[8] = (h[8] & 0x3f) | 0x80;
	const x = h.toString('hex');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
/** @param {Uint8Array} b little-endian bytes → bigint */
const leToBig = (b) => BigInt('0x' + (Buffer.from(b).reverse().toString('hex') || '0'));
/** @param {bigint} n scalar → 32-byte little-endian hex (canonical when n < ℓ) */
const scalarHex = (n) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex').reverse().toString('hex');
/** A scalar in [1, ℓ) from hashing the parts. @param {...string} parts */
const hashScalar = (...parts) => (leToBig(crypto.createHash('sha512').update(parts.join('')).digest()) % (ORDER - 1n)) + 1n;
const randomScalar = () => (leToBig(crypto.randomBytes(64)) % (ORDER - 1n)) + 1n;
/** @param {unknown} s @returns {bigint|null} units of 10^-8, null unless a decimal with ≤ 8 decimals */
function toUnits(s) {
	const str = typeof s === 'number' ? String(s) : s;
	if (typeof str !== 'string' || !/^\d+(\.\d{1,8})?$/.test(str)) return null;
	const [i, f = ''] = str.split('.');
	return BigInt(i) * SCALE + BigInt((f + '00000000').slice(0, 8));
}
/** Trimmed decimal ("0.65", "1"), as the SDKs print amounts. @param {bigint} u */
function fmt(u) {
	const frac = (u % SCALE).toString().padStart(8, '0').replace(/0+$/, '');
	return `${u / SCALE}${frac ? '.' + frac : ''}`;
}

/** Real Mixin asset and chain ids, fake prices; precision 8. */
const ASSETS = [
	['4d8c508b-91c5-375b-92b0-ee702ed2dac5', '43d61dcd-e413-450d-80b8-101d5e903357', 'USDT', 'Tether USD', '1'],
	['c6d0c728-2624-429b-8e0d-d9d19b6592fa', 'c6d0c728-2624-429b-8e0d-d9d19b6592fa', 'BTC', 'Bitcoin', '65000'],
	['43d61dcd-e413-450d-80b8-101d5e903357', '43d61dcd-e413-450d-80b8-101d5e903357', 'ETH', 'Ether', '3200'],
	['c94ac88f-4671-3976-b60a-09064f1811e8', '43d61dcd-e413-450d-80b8-101d5e903357', 'XIN', 'Mixin', '150'],
	['44adc71b-0c37-3b42-aa19-fe2d59dae5fd', '43d61dcd-e413-450d-80b8-101d5e903357', 'EPC', 'EPC', '0.05'],
	['965e5c6e-434c-3fa9-b780-c50f43cd955c', '43d61dcd-e413-450d-80b8-101d5e903357', 'CNB', 'Chui Niu Bi', '0.0000001'],
].map(([asset_id, chain_id, symbol, name, price_usd]) => ({ asset_id, chain_id, symbol, name, price_usd }));

/** @param {import('./clock').SimClock} clock */
function createMixinState(clock) {
	const iso = () => new Date(clock.now()).toISOString();
	/** @type {Map<string, {userId: string, fullName: string, identityNumber: string, spendPublicKey: string, createdAt: string}>} */
	const users = new Map();
	/** @type {Map<string, any>} asset_id → asset view */
	const assets = new Map();
	/** @type {Map<string, string>} kernel asset id → asset_id */
	const byKernel = new Map();
	/** @type {any[]} every output, in sequence order */
	const outputs = [];
	/** @type {Map<string, any>} `${transaction_hash}:${output_index}` → output */
	const outputByRef = new Map();
	/** @type {Map<string, bigint>} output_id → view scalar (the owner signs with view + spend key) */
	const views = new Map();
	/** @type {Map<string, {receiver: string, view: bigint, mask: string, lockedBy: string|null}>} ghost key → its making */
	const ghosts = new Map();
	/** @type {Map<string, any>} request_id → transaction request record */
	const requests = new Map();
	/** @type {any[]} */
	const payments = [];
	/** @type {Set<(p: any) => void>} */
	const listeners = new Set();
	let sequence = 100000;
	let identity = 7000100;

	/** @param {{asset_id: string, chain_id?: string, symbol?: string, name?: string, price_usd?: string}} a */
	function addAsset(a) {
		if (!a || !UUID_RE.test(String(a.asset_id))) throw new Error('addAsset: asset_id must be a lower-case UUID');
		const kernel = kernelAssetId(a.asset_id);
		const symbol = a.symbol || 'ASSET';
		assets.set(a.asset_id, {
			type: 'safe_asset', asset_id: a.asset_id, chain_id: a.chain_id || a.asset_id, symbol, name: a.name || symbol,
			display_symbol: symbol, display_name: a.name || symbol, icon_url: `https://images.mixin.one/${symbol.toLowerCase()}.png`,
			price_btc: '0', price_usd: a.price_usd || '0', change_btc: '0', change_usd: '0', asset_key: '', precision: 8,
			dust: '0.00000001', confirmations: 12, kernel_asset_id: kernel, withdrawal_memo_possibility: 'negative', level: 11,
			price_updated_at: iso(),
		});
		byKernel.set(kernel, a.asset_id);
		return assets.get(a.asset_id);
	}
	/** @param {string} idOrKernel asset UUID or kernel asset id */
	const assetOf = (idOrKernel) => assets.get(idOrKernel) || assets.get(byKernel.get(idOrKernel) || '');

	/**
	 * Registers (or updates) a user; without spendPublicKey a random one, so any user can receive.
	 * @param {{userId: string, fullName?: string, spendPublicKey?: string}} spec
	 */
	function putUser(spec) {
		if (!spec || !UUID_RE.test(String(spec.userId))) throw new Error('addUser: userId must be a lower-case UUID');
		const prev = users.get(spec.userId);
		let spend = spec.spendPublicKey || (prev && prev.spendPublicKey);
		if (!spend) spend = Buffer.from(ed25519.getPublicKey(crypto.randomBytes(32))).toString('hex');
		if (!/^[0-9a-f]{64}$/.test(spend)) throw new Error('addUser: spendPublicKey must be 64 lower-case hex chars');
		Point.fromHex(spend).assertValidity();
		const user = {
			userId: spec.userId, fullName: spec.fullName || (prev && prev.fullName) || `User ${spec.userId.slice(0, 8)}`,
			identityNumber: prev ? prev.identityNumber : String(identity++), spendPublicKey: spend, createdAt: prev ? prev.createdAt : iso(),
		};
		users.set(spec.userId, user);
		return user;
	}

	/**
	 * A new unspent output owned by `receiver`, key = v·G + S(receiver).
	 * @param {{receiver: string, assetId: string, units: bigint, txHash: string, index: number, view: bigint, mask: string, key: string, extraHex: string, senders: string[], requestId: string}} o
	 */
	function addOutput(o) {
		const asset = /** @type {any} */ (assets.get(o.assetId));
		const now = iso();
		const out = {
			type: 'kernel_output', output_id: uuidFromText(`${o.txHash}:${o.index}`), transaction_hash: o.txHash, output_index: o.index,
			asset: asset.kernel_asset_id, kernel_asset_id: asset.kernel_asset_id, asset_id: o.assetId, amount: fmt(o.units), mask: o.mask,
			keys: [o.key], receivers: [o.receiver], receivers_hash: membersHash([o.receiver]), receivers_threshold: 1, senders: o.senders,
			senders_hash: o.senders.length ? membersHash(o.senders) : '', senders_threshold: o.senders.length ? 1 : 0, extra: o.extraHex,
			state: 'unspent', sequence: ++sequence, request_id: o.requestId, signers: [], signed_by: '', signed_at: ZERO_TIME,
			spent_at: ZERO_TIME, inscription_hash: '', created_at: now, updated_at: now,
		};
		outputs.push(out);
		outputByRef.set(`${o.txHash}:${o.index}`, out);
		views.set(out.output_id, o.view);
		return out;
	}

	/**
	 * Credits `count` unspent outputs of `amount` each to the user, as one deposit transaction.
	 * @param {{userId: string, assetId: string, amount: string, count?: number, extra?: string|Buffer, senderId?: string, requestId?: string}} d
	 */
	function deposit(d) {
		const user = users.get(d && d.userId);
		if (!user) throw new Error(`deposit: unknown user ${d && d.userId}`);
		if (!assets.has(d.assetId)) throw new Error(`deposit: unknown asset ${d.assetId} (addAsset first)`);
		const units = toUnits(d.amount);
		if (units === null || units <= 0n) throw new Error('deposit: amount must be a positive decimal with at most 8 decimals');
		const count = d.count === undefined ? 1 : Number(d.count);
		if (!Number.isInteger(count) || count < 1 || count > 256) throw new Error('deposit: count must be an integer 1..256');
		const txHash = crypto.randomBytes(32).toString('hex');
		const extraHex = Buffer.isBuffer(d.extra) ? d.extra.toString('hex') : Buffer.from(d.extra || '').toString('hex');
		return Array.from({ length: count }, (_, index) => {
			const view = randomScalar();
			const key = Point.BASE.multiply(view).add(Point.fromHex(user.spendPublicKey)).toHex();
			const mask = Point.BASE.multiply(randomScalar()).toHex();
			return addOutput({ receiver: user.userId, assetId: d.assetId, units, txHash, index, view, mask, key, extraHex, senders: d.senderId ? [d.senderId] : [], requestId: d.requestId || '' });
		});
	}

	/**
	 * The ghost key for one output, deterministic per (hint, index, receiver), remembered for the kernel checks.
	 * @param {string} hint @param {number} index @param {string} receiver
	 */
	function ghostKey(hint, index, receiver) {
		const user = /** @type {any} */ (users.get(receiver));
		const mask = Point.BASE.multiply(hashScalar('mask', hint, String(index), receiver)).toHex();
		const view = hashScalar('view', hint, String(index), receiver);
		const key = Point.BASE.multiply(view).add(Point.fromHex(user.spendPublicKey)).toHex();
		if (!ghosts.has(key)) ghosts.set(key, { receiver, view, mask, lockedBy: null });
		return { type: 'ghost_key', mask, keys: [key] };
	}

	/** @param {string} userId @param {string} [assetId] */
	const unspentOf = (userId, assetId) =>
		outputs.filter((o) => o.receivers[0] === userId && o.state === 'unspent' && (!assetId || o.asset_id === assetId || o.kernel_asset_id === assetId));

	/**
	 * Applies a submitted transaction: inputs spent, one new output per tx output, the request spent,
	 * one payment in the ledger, listeners told. The caller has validated everything.
	 * @param {any} req request record @param {any} checked from mixin-tx validate() @param {string} signedRaw
	 */
	function commit(req, checked, signedRaw) {
		const now = iso();
		for (const input of checked.inputs) Object.assign(input, { state: 'spent', signed_by: req.transactionHash, signed_at: now, spent_at: now, updated_at: now });
		const assetId = /** @type {string} */ (byKernel.get(checked.asset));
		checked.outputs.forEach((/** @type {any} */ o, /** @type {number} */ index) => {
			const ghost = /** @type {any} */ (ghosts.get(o.key));
			ghost.lockedBy = req.transactionHash;
			addOutput({
				receiver: ghost.receiver, assetId, units: o.units, txHash: req.transactionHash, index, view: ghost.view, mask: o.mask, key: o.key,
				extraHex: checked.extra.toString('hex'), senders: [req.userId], requestId: req.requestId,
			});
		});
		Object.assign(req, {
			state: 'spent', rawTransaction: signedRaw, updatedAt: now, snapshotAt: now,
			snapshotId: uuidFromText(`${req.userId}:${req.transactionHash}`), snapshotHash: crypto.createHash('sha256').update(`snapshot:${req.transactionHash}`).digest('hex'),
		});
		const payment = {
			requestId: req.requestId, transactionHash: req.transactionHash, senderId: req.userId, assetId, extra: Buffer.from(checked.extra),
			memo: checked.extra.toString('utf8'), outputs: checked.outputs.map((/** @type {any} */ o) => ({ receiverId: /** @type {any} */ (ghosts.get(o.key)).receiver, amount: fmt(o.units) })),
			at: clock.now(),
		};
		payments.push(payment);
		for (const fn of [...listeners]) {
			try {
				fn(payment);
			} catch (e) {
				// eslint-disable-next-line no-console
				if (process.env.SIM_DEBUG) console.error('mixin onPayment listener failed', e);
			}
		}
		return payment;
	}

	/** The request as the API shows it (bot-api-go-client `SequencerTransactionRequest`). @param {any} r */
	function requestView(r) {
		const asset = assets.get(/** @type {string} */ (byKernel.get(r.asset)));
		return {
			type: 'kernel_transaction_request', request_id: r.requestId, transaction_hash: r.transactionHash, asset: r.asset,
			asset_id: asset ? asset.asset_id : '', kernel_asset_id: r.asset, amount: fmt(r.amount), extra: r.extraHex, user_id: r.userId,
			state: r.state, raw_transaction: r.rawTransaction, created_at: r.createdAt, updated_at: r.updatedAt,
			snapshot_id: r.snapshotId || '', snapshot_hash: r.snapshotHash || '', snapshot_at: r.snapshotAt || ZERO_TIME,
			receivers: r.receivers.map((/** @type {string} */ id) => ({ members: [id], members_hash: membersHash([id]), threshold: 1, destination: '', tag: '', withdrawal_hash: '' })),
			senders: [r.userId], senders_hash: membersHash([r.userId]), senders_threshold: 1, signers: r.state === 'spent' ? [r.userId] : [], views: r.views,
		};
	}

	/** Clears outputs, ghost keys, requests and payments; keeps users, sessions and assets. */
	function clear() {
		outputs.length = 0;
		payments.length = 0;
		for (const m of [outputByRef, views, ghosts, requests]) m.clear();
	}

	for (const a of ASSETS) addAsset(a);
	putUser({ userId: EXINONE_BOT_ID, fullName: 'ExinOne' });

	return {
		users, assets, outputs, outputByRef, views, ghosts, requests, payments, listeners,
		addAsset, assetOf, putUser, deposit, ghostKey, unspentOf, commit, requestView, clear, iso,
		/** @param {string} userId @param {string} assetId */
		balance: (userId, assetId) => fmt(unspentOf(userId, assetId).reduce((s, o) => s + /** @type {bigint} */ (toUnits(o.amount)), 0n)),
	};
}

module.exports = { createMixinState, kernelAssetId, membersHash, uuidFromText, toUnits, fmt, scalarHex, leToBig, ASSETS, EXINONE_BOT_ID, UUID_RE, ORDER };
