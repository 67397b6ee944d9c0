/**
 * How the simulators' own tests talk to them: plain fetch, as a client in another process would, so
 * the tests check what goes over the wire (status, headers, exact text), not the simulators' internals.
 */
import crypto from 'node:crypto';

import { createClock } from './clock';
import { startExinOneSimulator, EXINONE_AUD } from './exinone';

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: any;
}

export interface CallOptions {
	/** Sent as JSON. */
	body?: unknown;
	/** Sent as is, labelled JSON: for bodies that are not valid JSON. */
	raw?: string;
	form?: FormData;
	token?: string;
}

/** A client of the simulator at `urlOf()`, read on each call: a simulator is started by a hook, later. */
export function client(urlOf: () => string) {
	return async (method: string, path: string, opts: CallOptions = {}): Promise<Answer> => {
		const headers: Record<string, string> = {};
		if (opts.token) headers.authorization = `Bearer ${opts.token}`;
		let body: any;
		if (opts.form) body = opts.form;
		else if (opts.body !== undefined || opts.raw !== undefined) {
			headers['content-type'] = 'application/json';
			body = opts.raw ?? JSON.stringify(opts.body);
		}
		const res = await fetch(`${urlOf()}${path}`, { method, headers, body });
		const text = await res.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, text, json };
	};
}

// ---- ExinOne: a bot user with an Ed25519 and a legacy RSA session ----

export const ME_SIG = crypto.createHash('sha256').update('GET/me').digest('hex');
export const USER_ID = '7b3f0a5e-2a4c-4f3b-9a55-0d1c1f8f0001';
export const SESSION_ED = 'a1b2c3d4-0000-4000-8000-00000000ed01';
export const SESSION_RSA = 'a1b2c3d4-0000-4000-8000-00000000a5a1';

export const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function signMixin(key: crypto.KeyObject, claims: Record<string, unknown>, alg = 'EdDSA'): string {
	const input = `${b64u({ alg, typ: 'JWT' })}.${b64u(claims)}`;
	const sig = alg === 'RS512' ? crypto.sign('sha512', Buffer.from(input), key) : crypto.sign(null, Buffer.from(input), key);
	return `${input}.${sig.toString('base64url')}`;
}

export interface ExinOneSimEnv {
	sim: any;
	ed: crypto.KeyPairKeyObjectResult;
	rsa: crypto.KeyPairKeyObjectResult;
	call: ReturnType<typeof client>;
	nowS(): number;
	/** Valid claims of a Mixin token for /mixin/me, with some replaced. */
	claims(over?: Record<string, unknown>): Record<string, unknown>;
	login(token: string): Promise<Answer>;
	/** A fresh bearer token of the Ed25519 session. */
	bearer(): Promise<string>;
}

/** Registers the hooks: one ExinOne simulator for the describe block, both sessions known, log reset per test. */
export function useExinOneSim(): ExinOneSimEnv {
	const env = {
		ed: crypto.generateKeyPairSync('ed25519'),
		rsa: crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }),
	} as ExinOneSimEnv;
	env.call = client(() => env.sim.url);
	env.nowS = () => Math.floor(env.sim.clock.now() / 1000);
	env.claims = (over = {}) => ({
		uid: USER_ID,
		sid: SESSION_ED,
		iat: env.nowS(),
		exp: env.nowS() + 3600,
		jti: crypto.randomUUID(),
		sig: ME_SIG,
		scp: 'FULL',
		aud: EXINONE_AUD,
		...over,
	});
	env.login = (token) => env.call('POST', '/api/v2/mixin/me', { body: { token } });
	env.bearer = async () => {
		const r = await env.login(signMixin(env.ed.privateKey, env.claims()));
		expect(r.status).toBe(200);
		return r.json.data.token as string;
	};

	beforeAll(async () => {
		env.sim = await startExinOneSimulator({ clock: createClock() });
		env.sim.registerSession({ userId: USER_ID, sessionId: SESSION_ED, publicKey: env.ed.publicKey, algorithm: 'EdDSA' });
		// the RSA session is registered over the control endpoint, as a demo in another process would
		const pem = env.rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
		const r = await env.call('POST', '/__sim/sessions', {
			body: { userId: USER_ID, sessionId: SESSION_RSA, publicKeyPem: pem, algorithm: 'RS512' },
		});
		expect(r.status).toBe(200);
	});
	afterAll(async () => {
		await env.sim.close();
	});
	beforeEach(() => env.sim.reset());
	return env;
}

// ---- Rainbow: one app ----

export const APP = { appId: 'qUUcdueA', appSecret: 'zGCaP8kAFEmwanqo' };

export const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

/** A small client bound to one Rainbow simulator, logging in as APP. */
export function rainbowClient(sim: any) {
	const call = client(() => sim.url);
	const login = async () => {
		const r = await call('POST', '/v1/login', { body: { app_id: APP.appId, app_secret: APP.appSecret } });
		expect(r.status).toBe(200);
		return r.json.token as string;
	};
	return { call, login };
}
