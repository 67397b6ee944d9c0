'use strict';
// Talks to a running n8n over HTTP the way its editor does (cookie session), for owner setup and the
// credential test, which only exist in n8n's REST API.

const crypto = require('node:crypto');
const http = require('node:http');

const { PREFIX, seconds } = require('./log');

const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.test',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Local-Owner-Passw0rd',
});

/** Minimal bounded HTTP request. Resolves { status, headers, text, body } (body = parsed JSON or text). */
function httpRequest(method, url, { headers = {}, body, timeoutMs = 30000 } = {}) {
	return new Promise((resolve, reject) => {
		const target = new URL(url);
		let payload;
		const finalHeaders = { accept: 'application/json', ...headers };
		if (body !== undefined) {
			payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
			if (!Object.keys(finalHeaders).some((key) => key.toLowerCase() === 'content-type')) {
				finalHeaders['content-type'] = 'application/json';
			}
			finalHeaders['content-length'] = Buffer.byteLength(payload);
		}
		const req = http.request(
			{ method, hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, headers: finalHeaders },
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let parsed = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						// not JSON
					}
					resolve({ status: res.statusCode, headers: res.headers, text, body: parsed });
				});
				res.on('error', reject);
			},
		);
		req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url} timed out after ${seconds(timeoutMs)}`)));
		req.on('error', reject);
		if (payload !== undefined) req.write(payload);
		req.end();
	});
}

/** n8n REST client with a cookie jar and a fixed browser-id (n8n binds the auth cookie to it). */
class RestClient {
	constructor(baseUrl, { browserId = crypto.randomUUID() } = {}) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.browserId = browserId;
		this.cookies = new Map();
	}

	cookieHeader() {
		return Array.from(this.cookies, ([name, value]) => `${name}=${value}`).join('; ');
	}

	storeCookies(setCookie) {
		for (const line of [].concat(setCookie || [])) {
			const [pair, ...attributes] = line.split(';');
			const eq = pair.indexOf('=');
			if (eq <= 0) continue;
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attributes.some((attribute) => {
				const [key, val] = attribute.split('=').map((part) => part && part.trim().toLowerCase());
				return (key === 'max-age' && Number(val) <= 0) || (key === 'expires' && Date.parse(val) < Date.now());
			});
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	/** Resolves { status, body, data } where data = body.data (n8n wraps REST answers in { data }). */
	async request(method, urlPath, body, { headers = {}, timeoutMs = 30000 } = {}) {
		const finalHeaders = { 'browser-id': this.browserId, ...headers };
		const cookie = this.cookieHeader();
		if (cookie) finalHeaders.cookie = cookie;
		const response = await httpRequest(method, `${this.baseUrl}${urlPath}`, { headers: finalHeaders, body, timeoutMs });
		this.storeCookies(response.headers['set-cookie']);
		const data = response.body && typeof response.body === 'object' && 'data' in response.body ? response.body.data : undefined;
		return { status: response.status, body: response.body, data, headers: response.headers };
	}

	async expectOk(method, urlPath, body, options) {
		const response = await this.request(method, urlPath, body, options);
		if (response.status < 200 || response.status >= 300) {
			throw new Error(`${PREFIX} ${method} ${urlPath} → HTTP ${response.status}: ${typeof response.body === 'string' ? response.body : JSON.stringify(response.body)}`);
		}
		return response;
	}

	/** POST /rest/owner/setup (first user of a fresh instance). */
	async setupOwner(owner = DEFAULT_OWNER) {
		return this.expectOk('POST', '/rest/owner/setup', owner);
	}

	/** POST /rest/login { emailOrLdapLoginId, password } → auth cookie in the jar. */
	async login({ email, password } = DEFAULT_OWNER) {
		return this.expectOk('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	/** Owner setup (when not done yet) + login. */
	async ensureOwner(owner = DEFAULT_OWNER) {
		const setup = await this.request('POST', '/rest/owner/setup', owner);
		// 400: the owner exists already, which is what this method wants
		if (setup.status >= 300 && setup.status !== 400) {
			throw new Error(`${PREFIX} owner setup → HTTP ${setup.status}: ${JSON.stringify(setup.body)}`);
		}
		return this.login(owner);
	}

	/**
	 * Runs n8n's credential test for a saved credential exactly like the editor does: fetch it
	 * (GET /rest/credentials/:id?includeData=true, secrets come back redacted) and POST it to
	 * /rest/credentials/test; n8n restores the redacted values from the database.
	 * Resolves the test result { status: 'OK' | 'Error', message }.
	 */
	async testCredential(credentialId, dataOverrides = {}) {
		const fetched = await this.expectOk('GET', `/rest/credentials/${encodeURIComponent(credentialId)}?includeData=true`);
		const credential = fetched.data;
		const response = await this.expectOk('POST', '/rest/credentials/test', {
			credentials: {
				id: credential.id,
				name: credential.name,
				type: credential.type,
				data: { ...(credential.data || {}), ...dataOverrides },
			},
		});
		return response.data;
	}
}

module.exports = { DEFAULT_OWNER, httpRequest, RestClient };
