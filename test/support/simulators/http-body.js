'use strict';
/** Reading and parsing request bodies for the simulators: JSON, urlencoded and multipart/form-data. */
const { parseMultipart } = require('./multipart');

const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * The whole body, refused beyond 20 MiB (a simulator must not be filled up by a runaway client).
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<Buffer>}
 */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY_BYTES) {
				reject(Object.assign(new Error('request body too large'), { status: 413 }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * The body as the routes read it, by its content type; `bodyError` says why it could not be read.
 * @param {Buffer} raw @param {string} contentType
 * @returns {{ body: any, bodyError?: string, multipart?: import('./multipart').MultipartResult }}
 */
function parseBody(raw, contentType) {
	const rawBody = raw.toString('utf8');
	if (/multipart\/form-data/i.test(contentType)) {
		try {
			const multipart = parseMultipart(raw, contentType);
			return { body: { fields: multipart.fields, files: multipart.files.map(({ data, ...f }) => f) }, multipart };
		} catch (/** @type {any} */ e) {
			return { body: undefined, bodyError: e.message };
		}
	}
	if (/application\/x-www-form-urlencoded/i.test(contentType)) return { body: Object.fromEntries(new URLSearchParams(rawBody)) };
	if (rawBody.trim() === '') return { body: undefined };
	try {
		return { body: JSON.parse(rawBody) };
	} catch {
		return { body: rawBody, bodyError: 'invalid JSON body' };
	}
}

module.exports = { readBody, parseBody, MAX_BODY_BYTES };
