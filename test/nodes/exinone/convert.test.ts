/**
 * Every ExinOne node operation, run by the node's real `execute` in n8n-core's ExecuteContext against
 * the ExinOne simulator: parameters → method, path, query and body; answers → items; errors mapped.
 */
import * as ed from '@noble/ed25519';
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { BTC, USDT, useExinOneNode } from '../../support/exinone-node';
import { expectNoSecret } from '../../support/keystores';
import { captureError, everythingIn } from '../../support/lifecycle';

const env = useExinOneNode();
const { run, calls, last } = env;

describe('auth', () => {
	test('login outputs token, tokenType, expiresIn and expiresAt', async () => {
		const [item] = await run({ resource: 'auth', operation: 'login' });
		expect(item.json).toEqual({
			token: expect.stringMatching(/^ey/),
			tokenType: 'Bearer',
			expiresIn: 86400,
			expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(Date.parse(item.json.expiresAt as string) - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(env.sim.count('POST', '/api/v2/mixin/me')).toBe(1);
		// The bearer it outputs works on ExinOne.
		expect(env.sim.requests[0].status).toBe(200);
	});

	test('signMixinToken signs any method, path with query, body and audience; the token verifies', async () => {
		const [item] = await run({
			resource: 'auth',
			operation: 'signMixinToken',
			method: 'POST',
			path: 'https://api.mixin.one/safe/transactions?x=1',
			body: '{"a":1}',
			options: { audience: 'some-service', expiresIn: 120 },
		});
		const { token, claims } = item.json as { token: string; claims: IDataObject };
		const [header, payload, signature] = token.split('.');
		expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual(claims);
		expect(claims).toMatchObject({ uid: env.bot.appId, sid: env.bot.sessionId, aud: 'some-service', scp: 'FULL' });
		expect((claims.exp as number) - (claims.iat as number)).toBe(120);
		const { createHash } = await import('node:crypto');
		expect(claims.sig).toBe(createHash('sha256').update('POST/safe/transactions?x=1{"a":1}').digest('hex'));
		expect(ed.verify(Buffer.from(signature, 'base64url'), Buffer.from(`${header}.${payload}`), env.bot.publicKey)).toBe(true);
		expect(env.sim.requests).toHaveLength(0);
		expectNoSecret(JSON.stringify(item.json), env.bot.secrets);
	});

	test('a bad keystore fails the item with the field named, no secret, and continueOnFail gives {error}', async () => {
		env.store.edit('cred-1', { keystore: env.bot.base64Keystore.replace('"session_id"', '"sessionid"') });
		const error = await captureError(run({ resource: 'auth', operation: 'login' }));
		expect(error.message).toMatch(/keystore has no "session_id"/);
		expectNoSecret(everythingIn(error), env.bot.secrets);
		const [item] = await run({ resource: 'auth', operation: 'login' }, { continueOnFail: true });
		expect(item.json.error).toMatch(/keystore has no "session_id"/);
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});

describe('public convert endpoints', () => {
	test.each([true, false])('work with (%s) or without a credential, and cause no login', async (credential) => {
		// Without a credential, the Base URL option points the call at the simulator.
		const options = credential ? {} : { publicOptions: { baseUrl: env.sim.baseUrl } };
		const items = await run({ resource: 'convert', operation: 'getAssets', ...options }, { credential });
		expect(items.length).toBeGreaterThan(3);
		expect(items[0].json).toHaveProperty('assetUuid');
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/convert/assets' });
		expect(last().headers.authorization).toBeUndefined();
		expect(env.sim.count('POST', '/api/v2/mixin/me')).toBe(0);
	});

	test('estimate sends its parameters as query, withRange as 0/1', async () => {
		const [item] = await run({ resource: 'convert', operation: 'estimate', payAssetUuid: USDT, payAssetAmount: '100.5', receiveAssetUuid: BTC, withRange: true });
		expect(last()).toMatchObject({ method: 'GET', path: '/api/v2/convert/estimate/amount', query: { payAssetUuid: USDT, payAssetAmount: '100.5', receiveAssetUuid: BTC, withRange: '1' } });
		expect(item.json).toBeInstanceOf(Object);
	});

	test('getOrder by pay trace id; an unknown one is a NodeApiError with ExinOne\'s message and code', async () => {
		const known = (env.sim.state.orders as Array<{ payTraceId: string }>)[0].payTraceId;
		const [item] = await run({ resource: 'convert', operation: 'getOrder', payTraceId: known });
		expect(item.json.payTraceId).toBe(known);
		expect(last()).toMatchObject({ path: '/api/v2/convert/order/detail', query: { payTraceId: known } });
		const error = await captureError(run({ resource: 'convert', operation: 'getOrder', payTraceId: randomUUID() }));
		expect(error.constructor.name).toBe('NodeApiError');
		expect(error.message).toBe('ExinOne: 订单不存在 (code 20004)');
	});
});

describe('authenticated endpoints', () => {
	test.each([
		[{ resource: 'user', operation: 'getMe' }, '/api/v2/users/me', {}],
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: BTC, wallet: 'epc' }, '/api/v2/wallet/asset', { assetUuid: BTC, wallet: 'epc' }],
		[{ resource: 'wallet', operation: 'getAssets', assetUuid: '', wallet: '' }, '/api/v2/wallet/asset', {}],
		[{ resource: 'referral', operation: 'getStatistics' }, '/api/v2/referral_statistics/me', {}],
		[{ resource: 'fundPool', operation: 'getAll' }, '/api/v2/fund_pool', {}],
		[{ resource: 'fundPool', operation: 'getAsset', assetUuid: BTC }, '/api/v2/fund_pool/asset', { assetUuid: BTC }],
		[{ resource: 'loan', operation: 'getOverview' }, '/api/v2/loan', {}],
		[{ resource: 'loan', operation: 'getAvailable' }, '/api/v2/loan/available', {}],
	])('%j → GET %s with its query, the bearer token, items out', async (parameters, path, query) => {
		const items = await run(parameters);
		expect(items.length).toBeGreaterThan(0);
		expect(last()).toMatchObject({ method: 'GET', path, status: 200 });
		expect(last().query).toEqual(query);
		expect(last().headers.authorization).toMatch(/^Bearer ey/);
		expect(env.sim.count('POST', '/api/v2/mixin/me')).toBe(1);
	});

	test('loan get and repayment status by id', async () => {
		const loan = (env.sim.state.loans as Array<{ loanId: string }>)[0];
		const [item] = await run({ resource: 'loan', operation: 'get', loanId: loan.loanId });
		expect(item.json.loanId).toBe(loan.loanId);
		expect(last().query).toEqual({ loanId: loan.loanId });
		const repayment = (env.sim.state.repayments as Array<{ traceId: string }>)[0];
		const [status] = await run({ resource: 'loan', operation: 'getRepaymentStatus', traceId: repayment.traceId });
		expect(status.json.traceId).toBe(repayment.traceId);
	});

	test('Return All follows the pages of the order list; Limit stops early', async () => {
		const total = (env.sim.state.orders as unknown[]).length;
		const all = await run({ resource: 'convert', operation: 'getOrders', returnAll: true, pageSize: 10, filters: {} });
		expect(all).toHaveLength(total);
		expect(new Set(all.map((i) => i.json.payTraceId)).size).toBe(total);
		expect(calls().map((r) => r.query.page)).toEqual(['1', '2', '3']);
		env.sim.reset();
		const some = await run({ resource: 'convert', operation: 'getOrders', returnAll: false, limit: 7, filters: {} });
		expect(some).toHaveLength(7);
		expect(calls()).toHaveLength(1);
		expect(last().query).toMatchObject({ page: '1', limit: '7' });
	});

	test('order list date filters are sent as days', async () => {
		await run({ resource: 'convert', operation: 'getOrders', returnAll: false, limit: 5, filters: { dateStart: '2024-01-02T10:00:00', dateEnd: '2024-03-04T00:00:00' } });
		expect(last().query).toMatchObject({ dateStart: '2024-01-02', dateEnd: '2024-03-04' });
	});

	test.each([
		['loan', 'getMany', '/api/v2/loan/list'],
		['loan', 'getRepayments', '/api/v2/loan/repayment/list'],
	])('%s %s pages too', async (resource, operation, path) => {
		const items = await run({ resource, operation, returnAll: true, pageSize: 5 });
		expect(items.length).toBeGreaterThan(5);
		expect(calls().every((r) => r.path === path)).toBe(true);
		expect(calls().length).toBe(Math.ceil(items.length / 5));
	});

	test('pay (draft) posts its body and is not retried on a 500', async () => {
		const payTraceId = randomUUID();
		const parameters = { resource: 'convert', operation: 'pay', payAssetUuid: USDT, payAssetAmount: '10', receiveAssetUuid: BTC, payTraceId };
		const [item] = await run(parameters);
		expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/convert/pay', body: { payAssetUuid: USDT, payAssetAmount: '10', receiveAssetUuid: BTC, payTraceId } });
		expect(item.json.payTraceId).toBe(payTraceId);
		env.sim.reset();
		env.sim.fault({ method: 'POST', path: '/api/v2/convert/pay', status: 500 });
		const error = await captureError(run({ ...parameters, payTraceId: randomUUID() }));
		expect(error.message).toMatch(/^ExinOne: /);
		expect(env.sim.count('POST', '/api/v2/convert/pay')).toBe(1);
	});

	test('transfer (draft) posts its body; a validation error lists the field messages', async () => {
		await run({ resource: 'transfer', operation: 'create', assetUuid: BTC, amount: '0.001', opponentId: randomUUID(), memo: 'hi' });
		expect(last()).toMatchObject({ method: 'POST', path: '/api/v2/epc_authentication/transfer', body: { assetUuid: BTC, amount: '0.001', memo: 'hi' } });
		const error = await captureError(run({ resource: 'transfer', operation: 'create', assetUuid: BTC, amount: '', opponentId: randomUUID(), memo: '' }));
		expect(error.message).toMatch(/^ExinOne: .*amount: amount is required/);
	});

	test('errors inside HTTP 200 (success:false) are errors too', async () => {
		env.sim.setErrorStatus('ok200');
		const error = await captureError(run({ resource: 'convert', operation: 'getOrder', payTraceId: randomUUID() }));
		expect(error.message).toBe('ExinOne: 订单不存在 (code 20004)');
	});

	test('a GET is retried after a 429 honouring Retry-After, and after a 503', async () => {
		env.sim.fault({ method: 'GET', path: '/api/v2/users/me', status: 429, retryAfter: 0 });
		env.sim.fault({ method: 'GET', path: '/api/v2/users/me', status: 503, retryAfter: 0 });
		const [item] = await run({ resource: 'user', operation: 'getMe' });
		expect(item.json).toBeInstanceOf(Object);
		expect(env.sim.count('GET', '/api/v2/users/me')).toBe(3);
	});

	test('a Retry-After too long to wait for is reported, not waited for', async () => {
		env.sim.fault({ method: 'GET', path: '/api/v2/users/me', status: 429, retryAfter: 600 });
		const error = await captureError(run({ resource: 'user', operation: 'getMe' }));
		expect((error as Error & { description?: string }).description).toMatch(/rate limited; try again in 600 s/);
		expect(env.sim.count('GET', '/api/v2/users/me')).toBe(1);
	});

	test('an operation that needs the credential says so when none is selected', async () => {
		const error = await captureError(run({ resource: 'user', operation: 'getMe' }, { credential: false }));
		expect(error.message).toMatch(/needs a credential, and none is selected/);
	});

	test('several items: one login for all, each output paired, a failing one isolated with continueOnFail', async () => {
		const known = (env.sim.state.orders as Array<{ payTraceId: string }>)[0].payTraceId;
		const items = [{ json: { id: known } }, { json: { id: randomUUID() } }, { json: { id: known } }];
		const output = await run(
			{ resource: 'convert', operation: 'getOrder', payTraceId: '={{ $json.id }}' },
			{ items, continueOnFail: true },
		);
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.payTraceId).toBe(known);
		expect(output[1].json.error).toBe('ExinOne: 订单不存在 (code 20004)');
		expect(output[2].json.payTraceId).toBe(known);
	});
});
