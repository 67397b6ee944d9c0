'use strict';
/**
 * Parameter validation of the ExinOne simulator, the way a Laravel API (ExinOne's) validates: every
 * rule of every field is checked, the answer lists each failing field with its messages in `data`
 * (`{"payTraceId": ["选定的 pay trace id 是无效的"]}`, as the live answer captured from ExinOne shows), and
 * the envelope's `message` is the first field's first message.
 *
 * Messages follow Laravel's zh-CN validation texts with the attribute written as Laravel writes it by
 * default (camelCase split into lower-case words: `payTraceId` → "pay trace id"), without the final
 * full stop, like the captured "选定的 pay trace id 是无效的".
 *
 * Parameters an endpoint's page in ExinOne's developer docs does not define are refused. A real
 * Laravel app may instead ignore unknown parameters; the simulator refuses them on purpose, so that a
 * client sending a parameter under a wrong name (`loanId` for `applyTraceId`, say) is caught by a test
 * instead of silently getting an unfiltered or default answer.
 */

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Mixin amounts carry at most 8 decimals. */
const DECIMAL_RE = /^\d+(\.\d{1,8})?$/;
const INT_RE = /^-?\d+$/;
/** The code the simulator gives every validation error (ExinOne's docs name none but 30004, see routes). */
const VALIDATION_CODE = '10001';

/** Laravel's default attribute name: `payTraceId` → "pay trace id". @param {string} field */
function attr(field) {
	return field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

const msg = {
	/** @param {string} f */ required: (f) => `${attr(f)} 不能为空`,
	/** @param {string} f */ string: (f) => `${attr(f)} 必须是一个字符串`,
	/** @param {string} f */ integer: (f) => `${attr(f)} 必须是整数`,
	/** @param {string} f */ uuid: (f) => `${attr(f)} 必须是有效的 UUID`,
	/** @param {string} f */ decimal: (f) => `${attr(f)} 必须是大于 0 的数字字符串，最多 8 位小数`,
	/** @param {string} f */ invalid: (f) => `选定的 ${attr(f)} 是无效的`,
	/** @param {string} f @param {number} n */ min: (f, n) => `${attr(f)} 必须大于或等于 ${n}`,
	/** @param {string} f @param {number} n */ max: (f, n) => `${attr(f)} 必须小于或等于 ${n}`,
	/** @param {string} f */ unique: (f) => `${attr(f)} 已经存在`,
	/** @param {string} f */ unknown: (f) => `${attr(f)} 是未定义的参数`,
};

/**
 * @typedef {Object} Rule
 * @property {boolean} [required]
 * @property {'string'|'int'|'uuid'|'decimal'|'timestamp'} [type] 'int' and 'timestamp' accept a JSON
 *   integer or a string of digits (query strings are text); 'timestamp' is unix seconds (at most 10 digits)
 * @property {readonly string[]} [in] allowed values (checked after the type)
 * @property {number} [min]
 * @property {number} [max]
 * @property {(value: any) => string|null} [check] an extra rule; returns a message or null
 */

/**
 * @param {string} field
 * @param {unknown} value
 * @param {Rule} rule
 * @returns {string[]} the field's messages (empty when it passes)
 */
function checkField(field, value, rule) {
	// Laravel's ConvertEmptyStringsToNull turns "" into null: a required field given empty is missing,
	// and an optional one given empty still has to pass its type rule (there is no `nullable` here).
	const absent = value === undefined;
	if (absent || value === null || value === '') {
		if (rule.required) return [msg.required(field)];
		if (absent) return [];
	}
	const s = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
	switch (rule.type) {
		case 'int':
		case 'timestamp': {
			if (typeof s !== 'string' || !INT_RE.test(s)) return [msg.integer(field)];
			const n = Number(s);
			if (rule.type === 'timestamp') {
				// Every time in ExinOne's answers is unix seconds (10 digits); milliseconds are refused.
				if (n < 0) return [msg.min(field, 0)];
				if (n > 9999999999) return [msg.max(field, 9999999999)];
			}
			if (rule.min !== undefined && n < rule.min) return [msg.min(field, rule.min)];
			if (rule.max !== undefined && n > rule.max) return [msg.max(field, rule.max)];
			break;
		}
		case 'uuid':
			if (typeof value !== 'string') return [msg.string(field)];
			if (!UUID_RE.test(value)) return [msg.uuid(field)];
			break;
		case 'decimal':
			if (typeof value !== 'string') return [msg.string(field)];
			if (!DECIMAL_RE.test(value) || /^0+(\.0+)?$/.test(value)) return [msg.decimal(field)];
			break;
		case 'string':
		default:
			if (typeof value !== 'string') return [msg.string(field)];
	}
	if (rule.in && !rule.in.includes(String(s))) return [msg.invalid(field)];
	if (rule.check) {
		const m = rule.check(value);
		if (m) return [m];
	}
	return [];
}

/**
 * Validates `src` (the query of a GET, the body and query of a POST) against `rules`.
 * @param {Record<string, any>} src
 * @param {Record<string, Rule>} rules every parameter the endpoint defines
 * @returns {Record<string, string[]>|null} the field errors, or null when everything passes
 */
function validate(src, rules) {
	/** @type {Record<string, string[]>} */
	const errors = {};
	for (const [field, rule] of Object.entries(rules)) {
		const m = checkField(field, src[field], rule);
		if (m.length) errors[field] = m;
	}
	for (const field of Object.keys(src)) if (!(field in rules)) errors[field] = [msg.unknown(field)];
	return Object.keys(errors).length ? errors : null;
}

/**
 * The convert memo of ExinOne's developer docs (Convert page): standard base64, padded, of the UTF-8
 * text `EX#CO#<receiveAssetUuid>` or `EX#CO#<receiveAssetUuid>#<ref>`.
 * @param {unknown} memo
 * @returns {{ receiveAssetUuid: string, ref: string|null } | null} null when it does not fit
 */
function parseConvertMemo(memo) {
	if (typeof memo !== 'string' || memo.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(memo)) return null;
	const bytes = Buffer.from(memo, 'base64');
	// Only the canonical encoding round-trips: this refuses missing padding, base64url and stray bits.
	if (bytes.toString('base64') !== memo) return null;
	const text = bytes.toString('utf8');
	const m = /^EX#CO#([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:#([^#\s]+))?$/i.exec(text);
	return m ? { receiveAssetUuid: m[1].toLowerCase(), ref: m[2] || null } : null;
}

module.exports = { validate, checkField, parseConvertMemo, attr, msg, UUID_RE, DECIMAL_RE, VALIDATION_CODE };
