'use strict';
/**
 * The memos of Mixin transfers to the ExinOne bot, as ExinOne's developer docs give them (Convert,
 * Referral; draft Trading account and Loan pages): standard base64, padded, of the UTF-8 text
 * `EX#<kind>#…`, carried as the bytes of that base64 text in the transaction's extra:
 *
 *   EX#CO#<receiveAssetUuid>[#<ref>]            a convert order (payTraceId = the trace), paid back when it settles
 *   EX#FP_DEPOSIT                               credits the sender's trading account (fund pool)
 *   EX#EPC_AUTH_TRANS#<followId>   (EPC)        confirms a pending POST /epc_authentication/transfer
 *   EX#CB#<asset>#<days>#<amount>[#M|#FP] (EPC) a loan (applyTraceId = the trace); the EPC comes back
 *   EX#CR#<applyTraceId>                        repays that loan with the asset sent
 *   EX#REF_REG                     (EPC)        registers the sender's referral; the EPC comes back
 */
const { ASSET_BY_ID, toUnits } = require('./exinone-state');

/** ExinOne's Mixin bot (the `aud` of its login tokens). */
const EXINONE_BOT = '61103d28-3ac2-44a2-ae34-bd956070dab1';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The memo text of a Mixin transfer to ExinOne: standard base64 with padding of the UTF-8 `EX#…`
 * text; a trailing newline is tolerated (the live run in the spec's §2.3 had one), in the base64 text
 * or in the decoded text. @param {unknown} memo @returns {string|null} null when it is not such base64
 */
function decodeMemo(memo) {
	const s = String(memo ?? '').replace(/\r?\n$/, '');
	if (s === '' || s.length % 4 !== 0 || !B64_RE.test(s)) return null;
	const bytes = Buffer.from(s, 'base64');
	if (bytes.toString('base64') !== s) return null;
	const text = bytes.toString('utf8');
	return Buffer.from(text, 'utf8').equals(bytes) ? text.replace(/\r?\n$/, '') : null;
}
/**
 * The referral id ExinOne gives a user, `m.<number>`: the same formula as `ref` of /users/me and
 * /referral_statistics/me in exinone-routes.js (a test checks they agree). @param {string} uid
 */
const refOf = (uid) => `m.${7000000000 + (parseInt(uid.replace(/-/g, '').slice(0, 6), 16) || 0)}`;
/** base64 of a JSON memo, as ExinOne's replies carry it. @param {Record<string, unknown>} o */
const jsonMemo = (o) => Buffer.from(JSON.stringify(o)).toString('base64');
/** The units a payment pays the bot: the sum of its outputs to it. @param {any} payment */
function toBot(payment) {
	const outs = (payment.outputs || []).filter((/** @type {any} */ o) => o.receiverId === EXINONE_BOT);
	return outs.reduce((/** @type {bigint} */ s, /** @type {any} */ o) => s + (toUnits(String(o.amount)) ?? 0n), 0n);
}

/** The memo's kind, or null when it fits no format ExinOne reads. @param {string|null} text */
function kindOf(text) {
	const f = text === null ? [] : text.split('#');
	if (f[0] !== 'EX') return null;
	if (f[1] === 'CO') return (f.length === 3 || (f.length === 4 && /^[^\s#]+$/.test(f[3]))) && UUID_RE.test(f[2]) && ASSET_BY_ID.has(f[2].toLowerCase()) ? 'convert' : null;
	if (f[1] === 'FP_DEPOSIT' || f[1] === 'REF_REG') return f.length === 2 ? (f[1] === 'REF_REG' ? 'ref_reg' : 'fp_deposit') : null;
	return ({ EPC_AUTH_TRANS: 'epc_auth', CB: 'loan_apply', CR: 'loan_repay' })[/** @type {'CB'} */ (f[1])] || null;
}

module.exports = { EXINONE_BOT, decodeMemo, kindOf, refOf, jsonMemo, toBot };
