'use strict';
// Weeks and request IDs as the weekly-convert example makes them: the ISO week of n8n's `$now`
// (`kkkk-'W'WW`, the soak runs n8n in UTC) and the package's request ID of the text
// 'weekly-convert-<week>' (mixin-safe/request-id.ts: a version-5 UUID in the package's namespace),
// computed here independently so that the soak checks the node's ID rather than copying it.
const crypto = require('node:crypto');

const REQUEST_ID_NAMESPACE = 'd99ed9fc-d24f-5391-b180-b72ec39ce65e';
const DAY = 86400000;

function uuidV5(name, namespace) {
	const hash = crypto
		.createHash('sha1')
		.update(Buffer.concat([Buffer.from(namespace.replace(/-/g, ''), 'hex'), Buffer.from(name, 'utf8')]))
		.digest();
	hash[6] = (hash[6] & 0x0f) | 0x50;
	hash[8] = (hash[8] & 0x3f) | 0x80;
	const hex = hash.subarray(0, 16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ISO week of a time (UTC) as luxon's `kkkk-'W'WW` writes it: 2026-W49. */
function isoWeek(ms) {
	const date = new Date(ms);
	const day = (date.getUTCDay() + 6) % 7; // Monday 0
	const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - day * DAY + 3 * DAY;
	const year = new Date(thursday).getUTCFullYear();
	const week = 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY));
	return `${year}-W${String(week).padStart(2, '0')}`;
}

const weeklyRequestId = (week) => uuidV5(`weekly-convert-${week}`, REQUEST_ID_NAMESPACE);

/** 0 Monday … 6 Sunday (UTC). */
const weekday = (ms) => (new Date(ms).getUTCDay() + 6) % 7;

/** Midnight (UTC) of the first Monday at least `minAheadMs` after `ms`. */
function nextMonday(ms, minAheadMs) {
	const from = ms + minAheadMs;
	const midnight = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate());
	const days = (7 - weekday(midnight)) % 7;
	const monday = midnight + days * DAY;
	return monday >= from ? monday : monday + 7 * DAY;
}

module.exports = { uuidV5, isoWeek, weeklyRequestId, weekday, nextMonday, REQUEST_ID_NAMESPACE, DAY };
