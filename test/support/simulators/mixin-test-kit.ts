/**
 * How the Mixin simulator's tests talk to it: the official SDK as the client (spec mixin-safe.md §8
 * keystore and spend key), plus raw fetch with hand-made tokens for the negative cases.
 */
import crypto from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

import { createClock } from './clock';
import { startMixinSimulator, mixinSdk, EXINONE_BOT_ID } from './mixin';
import { client, type Answer } from './test-clients';

/** The SDK, loaded by Node's own require (jest cannot load its ESM-only dependencies). */
export const sdk: typeof import('@mixin.dev/mixin-node-sdk') = mixinSdk();

export const KEYSTORE = {
	app_id: 'b1e8f4a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b',
	session_id: 'c2f9e5b3-7d4e-4f60-9bac-1d2e3f4a5b6c',
	session_private_key: 'e198b7a99e7c6282503ab41679143333f3ee357e5fc62d45cdf48a248ffd357f',
};
export const SPEND = '16a4b95ae70d8f208e342d5bd502ef99b1dc0b8d82ea2dfa3493d4d46d7d121f';
export const BOT = KEYSTORE.app_id;
export const EXINONE = EXINONE_BOT_ID;
export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const SESSION_PUBLIC = hex(ed25519.getPublicKey(Buffer.from(KEYSTORE.session_private_key, 'hex')));
export const SPEND_PUBLIC = hex(ed25519.getPublicKey(Buffer.from(SPEND, 'hex')));
const sessionPrivate = crypto.createPrivateKey({
	key: { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(KEYSTORE.session_private_key, 'hex').toString('base64url'), x: Buffer.from(SESSION_PUBLIC, 'hex').toString('base64url') },
	format: 'jwk',
});

export interface TransferOptions {
	amount: string;
	requestId?: string;
	to?: string;
	memo?: string | Buffer;
	asset?: string;
	/** inputs to use instead of the SDK's choice from the unspent outputs */
	utxos?: any[];
}

export interface MixinSimEnv {
	sim: any;
	api: any;
	nowS(): number;
	/** A Mixin token for METHOD + target + body, with claims replaced by `over`. */
	token(method: string, target: string, body?: string, over?: Record<string, unknown>): string;
	/** Raw fetch, signed for exactly what is sent unless `token` is given. */
	call(method: string, target: string, o?: { body?: unknown; token?: string }): Promise<Answer>;
	/** The SDK transfer flow up to the signed raw, without submitting it. */
	prepare(o: TransferOptions): Promise<{ requestId: string; tx: any; raw: string; signed: string; verified: any; utxos: any[] }>;
	/** The whole SDK transfer flow (spec §4), submitted. */
	transfer(o: TransferOptions): Promise<any>;
}

/** One Mixin simulator for the file; its state and log are cleared and the bot registered before each test. */
export function useMixinSim(): MixinSimEnv {
	const env = {} as MixinSimEnv;
	const raw = client(() => env.sim.url);
	env.nowS = () => Math.floor(env.sim.clock.now() / 1000);
	env.token = (method, target, body = '', over = {}) => {
		const claims = {
			uid: BOT, sid: KEYSTORE.session_id, iat: env.nowS(), exp: env.nowS() + 3600, jti: crypto.randomUUID(),
			sig: crypto.createHash('sha256').update(method + target + body).digest('hex'), scp: 'FULL', ...over,
		};
		const input = `${Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
		return `${input}.${crypto.sign(null, Buffer.from(input), sessionPrivate).toString('base64url')}`;
	};
	env.call = (method, target, o = {}) => {
		const body = o.body === undefined ? '' : JSON.stringify(o.body);
		return raw(method, target, { token: o.token ?? env.token(method, target, body), raw: o.body === undefined ? undefined : body });
	};
	env.prepare = async (o) => {
		const requestId = o.requestId ?? crypto.randomUUID();
		const asset = o.asset ?? USDT;
		const outputs = o.utxos ?? (await env.api.utxo.safeOutputs({ members: [BOT], threshold: 1, asset, state: 'unspent' }));
		const recipients = [sdk.buildSafeTransactionRecipient([o.to ?? EXINONE], 1, o.amount)];
		const { utxos, change } = sdk.getUnspentOutputsForRecipients(outputs, recipients);
		if (change.isGreaterThan(0)) recipients.push(sdk.buildSafeTransactionRecipient([BOT], 1, change.toString()));
		const ghosts = await env.api.utxo.ghostKey(recipients, requestId, SPEND);
		const tx = sdk.buildSafeTransaction(utxos, recipients, ghosts, Buffer.from(o.memo ?? 'test memo'));
		const rawTx = sdk.encodeSafeTransaction(tx);
		const verified = await env.api.utxo.verifyTransaction([{ raw: rawTx, request_id: requestId }]);
		const signed = sdk.signSafeTransaction(tx, verified[0].views, SPEND);
		return { requestId, tx, raw: rawTx, signed, verified: verified[0], utxos };
	};
	env.transfer = async (o) => {
		const p = await env.prepare(o);
		const [sent] = await env.api.utxo.sendTransactions([{ raw: p.signed, request_id: p.requestId }]);
		return sent;
	};

	beforeAll(async () => {
		env.sim = await startMixinSimulator({ clock: createClock() });
		env.api = sdk.MixinApi({ keystore: KEYSTORE as any, requestConfig: { baseURL: env.sim.url, retry: 1, timeout: 2000 } as any });
	});
	afterAll(async () => {
		await env.sim.close();
	});
	beforeEach(() => {
		env.sim.reset();
		env.sim.resetState();
		env.sim.setRateLimit(null);
		env.sim.addUser({ userId: BOT, sessionId: KEYSTORE.session_id, sessionPublicKey: SESSION_PUBLIC, spendPublicKey: SPEND_PUBLIC, fullName: 'Test bot' });
	});
	return env;
}

/** The Mixin error an answer carries: HTTP 202 `{error:{status:202, code, description}}`. */
export function mixinError(r: Answer) {
	expect(r.status).toBe(202);
	expect(r.json.error.status).toBe(202);
	return r.json.error as { status: number; code: number; description: string };
}
