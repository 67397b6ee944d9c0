'use strict';
/** HS256 JWT helpers (node:crypto only) shared by the simulators. */
const crypto = require('node:crypto');

/** @param {Buffer|string} buf */
function b64url(buf) {
	return Buffer.from(buf).toString('base64url');
}

/**
 * @param {string} part
 * @returns {any} parsed JSON or undefined
 */
function decodeJsonPart(part) {
	try {
		const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
		return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
	} catch {
		return undefined;
	}
}

/**
 * @param {Record<string, any>} claims
 * @param {Buffer} secret
 */
function signHs256(claims, secret) {
	const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const body = b64url(JSON.stringify(claims));
	const sig = crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
	return `${head}.${body}.${sig}`;
}

/**
 * Verifies an HS256 token's structure and signature (not its time claims).
 * @param {string} token
 * @param {Buffer} secret
 * @returns {{ ok: true, claims: Record<string, any> } | { ok: false, reason: string }}
 */
function verifyHs256(token, secret) {
	if (typeof token !== 'string') return { ok: false, reason: 'token missing' };
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
	const header = decodeJsonPart(parts[0]);
	const claims = decodeJsonPart(parts[1]);
	if (!header || !claims) return { ok: false, reason: 'malformed token' };
	if (header.alg !== 'HS256') return { ok: false, reason: `unexpected alg ${String(header.alg)}` };
	const expected = crypto.createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
	let got;
	try {
		got = Buffer.from(parts[2], 'base64url');
	} catch {
		return { ok: false, reason: 'malformed signature' };
	}
	if (got.length !== expected.length || !crypto.timingSafeEqual(got, expected)) {
		return { ok: false, reason: 'signature mismatch' };
	}
	return { ok: true, claims };
}

/**
 * @param {Record<string, string|string[]|undefined>} headers
 * @returns {string|null} the bearer token, or null
 */
function bearerFrom(headers) {
	const h = headers.authorization;
	if (typeof h !== 'string') return null;
	const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
	return m ? m[1] : null;
}

module.exports = { b64url, decodeJsonPart, signHs256, verifyHs256, bearerFrom };
