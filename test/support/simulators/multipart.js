'use strict';
/** Minimal multipart/form-data parser (node built-ins only). */

/**
 * @typedef {Object} MultipartFile
 * @property {string} field
 * @property {string} filename
 * @property {string} contentType
 * @property {Buffer} data
 * @property {number} size
 */
/** @typedef {{ fields: Record<string,string>, files: MultipartFile[] }} MultipartResult */

/**
 * Minimal multipart/form-data parser.
 * @param {Buffer} buf
 * @param {string} contentType
 * @returns {MultipartResult}
 */
function parseMultipart(buf, contentType) {
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType || '');
	if (!m) throw new Error('multipart boundary missing');
	const boundary = Buffer.from('--' + (m[1] || m[2]).trim());
	/** @type {MultipartResult} */
	const out = { fields: {}, files: [] };
	let pos = buf.indexOf(boundary);
	if (pos < 0) throw new Error('multipart boundary not found in body');
	for (let guard = 0; guard < 10000; guard++) {
		pos += boundary.length;
		if (buf.slice(pos, pos + 2).toString() === '--') return out; // closing boundary
		if (buf.slice(pos, pos + 2).toString() === '\r\n') pos += 2;
		const headerEnd = buf.indexOf('\r\n\r\n', pos);
		if (headerEnd < 0) throw new Error('malformed multipart part headers');
		const headers = buf.slice(pos, headerEnd).toString('utf8').split('\r\n');
		const next = buf.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headerEnd + 4);
		if (next < 0) throw new Error('multipart closing boundary missing');
		const data = buf.slice(headerEnd + 4, next);
		let name = '';
		/** @type {string|undefined} */
		let filename;
		let partType = 'text/plain';
		for (const h of headers) {
			const idx = h.indexOf(':');
			if (idx < 0) continue;
			const key = h.slice(0, idx).trim().toLowerCase();
			const value = h.slice(idx + 1).trim();
			if (key === 'content-disposition') {
				const nm = /\bname="([^"]*)"/i.exec(value) || /\bname=([^;]+)/i.exec(value);
				if (nm) name = nm[1].trim();
				const fn = /\bfilename="([^"]*)"/i.exec(value) || /\bfilename=([^;]+)/i.exec(value);
				if (fn) filename = fn[1].trim();
			} else if (key === 'content-type') {
				partType = value;
			}
		}
		if (filename !== undefined) {
			out.files.push({ field: name, filename, contentType: partType, data: Buffer.from(data), size: data.length });
		} else {
			out.fields[name] = data.toString('utf8');
		}
		pos = next + 2;
	}
	throw new Error('too many multipart parts');
}

module.exports = { parseMultipart };
