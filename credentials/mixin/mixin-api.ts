import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { CredentialError } from '../common/errors';
import { rateOf, takeTurn } from '../common/rate-limit';
import { serverClockOffset } from '../common/server-clock';
import { baseUrlSetting, requiredText } from '../common/settings';
import { MIXIN_DEFAULT_BASE_URL, MIXIN_DEFAULT_RATE_LIMIT, MIXIN_REQUEST_TOKEN_TTL_S } from './constants';
import { keystoreSpendKeyText, loadKeystore, type MixinKeystore } from './keystore';
import { signMixinToken } from './mixin-token';
import { SpendKey } from './spend-key';
import { ALLOW_TRANSFERS_FIELD, ALLOWED_RECIPIENTS_FIELD, MAX_AMOUNTS_FIELD, readTransferPolicy, type TransferPolicy } from './transfer-policy';

/**
 * The Mixin API credential's settings, and how it signs a request: a fresh Mixin authentication token
 * per request whose `sig` covers the method, the path with the query string and the body exactly as
 * they will be sent (Mixin's "Signing" guide), so any Mixin endpoint can be called with it.
 */

export const MIXIN_API_CREDENTIAL = 'mixinApi';
const CREDENTIAL = 'Mixin API';
export const SPEND_KEY_FIELD = 'spendPrivateKey';

export interface MixinApiSettings {
	baseUrl: string;
	keystore: MixinKeystore;
	policy: TransferPolicy;
	/** The spend key, read only when a transfer is signed: reading balances never needs it. */
	spendKey(): SpendKey;
	rateLimit: number;
}

const SETTING_FIELDS = ['keystore', SPEND_KEY_FIELD, 'baseUrl', ALLOW_TRANSFERS_FIELD, ALLOWED_RECIPIENTS_FIELD, MAX_AMOUNTS_FIELD, 'rateLimit'];
const cache = new Map<string, MixinApiSettings>();
const CACHE_LIMIT = 32;

function readSettings(data: ICredentialDataDecryptedObject): MixinApiSettings {
	const keystoreText = requiredText(data, 'keystore', 'Keystore', CREDENTIAL);
	const keystore = loadKeystore(keystoreText, CREDENTIAL);
	const baseUrl = baseUrlSetting(data, 'baseUrl', MIXIN_DEFAULT_BASE_URL, CREDENTIAL);
	const policy = readTransferPolicy(data);
	const fieldText = typeof data[SPEND_KEY_FIELD] === 'string' ? (data[SPEND_KEY_FIELD] as string).trim() : '';
	let spendKey: SpendKey | undefined;
	return {
		baseUrl,
		keystore,
		policy,
		rateLimit: rateOf(data, MIXIN_DEFAULT_RATE_LIMIT),
		spendKey() {
			if (spendKey) return spendKey;
			if (fieldText !== '') {
				spendKey = SpendKey.parse(fieldText, `The Spend Private Key field of the ${CREDENTIAL} credential`);
				return spendKey;
			}
			const embedded = keystoreSpendKeyText(keystoreText);
			if (embedded === undefined) {
				throw new CredentialError(`The ${CREDENTIAL} credential has no spend key: transfers need one.`, {
					description: 'Fill in Spend Private Key (or keep "spend_private_key" in the keystore): the key shown once when the bot registered its Safe wallet.',
				});
			}
			spendKey = SpendKey.parse(embedded, `The keystore's "spend_private_key" in the ${CREDENTIAL} credential`);
			return spendKey;
		},
	};
}

/**
 * The settings of a credential's data, read once per distinct set of values (keyed by a hash: the
 * values hold secrets) and kept in a bounded map. A setting that fails its check is not kept.
 */
export function mixinApiSettings(data: ICredentialDataDecryptedObject): MixinApiSettings {
	const key = createHash('sha256')
		.update(SETTING_FIELDS.map((field) => JSON.stringify(data[field] ?? '')).join('\u0000'))
		.digest('base64url');
	let settings = cache.get(key);
	if (!settings) {
		settings = readSettings(data);
		if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
		cache.set(key, settings);
	}
	return settings;
}

/** Request options as n8n hands them to `authenticate`: its own (`url`, `baseURL`) or the HTTP Request node's legacy ones (`uri`). */
type AnyRequestOptions = IHttpRequestOptions & { uri?: string; form?: unknown; formData?: unknown };

/** The endpoints that move money: a signed Safe transaction, and the legacy PIN transfer. */
const SPENDING_PATHS = ['/safe/transactions', '/transfers'];

function appendQuery(url: URL, qs: IDataObject): void {
	for (const [name, value] of Object.entries(qs)) {
		if (value === undefined || value === null) continue;
		for (const one of Array.isArray(value) ? value : [value]) {
			url.searchParams.append(name, typeof one === 'object' ? JSON.stringify(one) : String(one));
		}
	}
}

function signingError(message: string, description: string): CredentialError {
	return new CredentialError(message, { description });
}

/**
 * The body of `authenticate`: folds the query string into the URL and serialises a JSON body, so that
 * what is sent is byte for byte what the token's `sig` covers, then adds a fresh token. Requests to
 * another host than the credential's Base URL are not signed (a token is for Mixin only).
 */
export async function signRequest(data: ICredentialDataDecryptedObject, options: AnyRequestOptions): Promise<AnyRequestOptions> {
	const settings = mixinApiSettings(data);
	const legacy = typeof options.uri === 'string';
	const target = new URL(legacy ? (options.uri as string) : options.url, options.baseURL ?? `${settings.baseUrl}/`);
	if (options.qs && Object.keys(options.qs).length > 0) {
		appendQuery(target, options.qs);
		delete options.qs;
	}
	const base = new URL(settings.baseUrl);
	const basePath = base.pathname.replace(/\/+$/, '');
	if (target.origin !== base.origin || !(target.pathname === basePath || target.pathname.startsWith(`${basePath}/`))) {
		return options;
	}
	if (options.form !== undefined || options.formData !== undefined || (options.body !== undefined && typeof options.body === 'object' && typeof (options.body as { pipe?: unknown }).pipe === 'function')) {
		throw signingError('The Mixin API takes JSON bodies: a form or file body cannot be signed.', 'Send the body as JSON (Body Content Type: JSON in the HTTP Request node).');
	}
	const method = (options.method ?? 'GET').toUpperCase();
	let body = '';
	if (options.body !== undefined && options.body !== null && options.body !== '') {
		if (Buffer.isBuffer(options.body)) body = options.body.toString('utf8');
		else if (typeof options.body === 'string') body = options.body;
		else if (!((method === 'GET' || method === 'HEAD') && Object.keys(options.body as object).length === 0)) body = JSON.stringify(options.body);
		if (body === '') delete options.body;
		else options.body = body;
	}
	const uri = `${target.pathname.slice(basePath.length)}${target.search}`;
	if (method === 'POST' && SPENDING_PATHS.includes(target.pathname.slice(basePath.length)) && !settings.policy.allowTransfers) {
		// Defence in depth: the Mixin node checks the policy before building anything; this also stops a
		// signed transaction (or a legacy PIN transfer) posted through the HTTP Request node.
		throw signingError(`Transfers are off in the ${CREDENTIAL} credential: the request to ${uri} was not sent.`, `The credential's owner can turn on "Allow Transfers" in the ${CREDENTIAL} credential.`);
	}
	if (legacy) options.uri = target.toString();
	else {
		options.url = target.toString();
		delete options.baseURL;
	}
	await takeTurn(`${MIXIN_API_CREDENTIAL}:${settings.keystore.appId}`, settings.rateLimit);
	const { token } = signMixinToken(settings.keystore, { method, uri, body }, {
		ttlSeconds: MIXIN_REQUEST_TOKEN_TTL_S,
		now: Date.now() + serverClockOffset(settings.baseUrl),
	});
	const headers: IDataObject = { ...(options.headers ?? {}), Authorization: `Bearer ${token}` };
	if (body !== '' && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
	options.headers = headers;
	return options;
}
