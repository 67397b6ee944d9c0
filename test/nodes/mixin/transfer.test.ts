/**
 * Transfer → Send, Send Many and Get against the Mixin Safe simulator, which verifies every token,
 * transaction and signature and records one payment per submitted transaction: payments and requests
 * are counted there, not taken from the node's word.
 */
import { captureError } from '../../support/lifecycle';
import { ALICE, EXINONE_BOT, USDT, BTC, useMixinNode } from '../../support/mixin-node';
import { expectNoSecret } from '../../support/keystores';
import { jsonOf } from '../../support/run-node';

const env = useMixinNode();
const { run } = env;

const REQUEST_ID = '9dc60d4c-f301-48ef-97f2-32e9195648cb';
const send = (extra: Record<string, unknown> = {}) => ({
	resource: 'transfer',
	operation: 'send',
	recipientId: ALICE,
	assetId: USDT,
	amount: '0.65',
	memo: 'invoice 42',
	requestId: REQUEST_ID,
	...extra,
});
const fund = (amount = '1', count = 3, assetId = USDT) => env.sim.deposit({ userId: env.bot.appId, assetId, amount, count });
const sent = (path: string, method = 'POST') => env.sim.count(method, path);

describe('Send', () => {
	test('pays once, in at most 5 requests, with the memo as the extra and the change back to the bot', async () => {
		fund('0.5', 3);
		const [item] = await run(send());
		expect(item.json).toEqual({
			requestId: REQUEST_ID,
			transactionHash: expect.stringMatching(/^[0-9a-f]{64}$/),
			state: 'spent',
			assetId: USDT,
			amount: '0.65',
			recipientId: ALICE,
			memo: 'invoice 42',
		});
		expect(env.sim.payments).toHaveLength(1);
		expect(env.sim.payments[0]).toMatchObject({ requestId: REQUEST_ID, memo: 'invoice 42', assetId: USDT });
		expect(env.sim.balance(ALICE, USDT)).toBe('0.65');
		expect(env.sim.balance(env.bot.appId, USDT)).toBe('0.85');
		expect(env.sim.requests.length).toBeLessThanOrEqual(5);
		expect(env.sim.requests.every((request: { authError?: string }) => !request.authError)).toBe(true);
	});

	test('a re-run with the same Request ID pays nothing more: looked up, reported as already sent', async () => {
		fund();
		await run(send());
		env.sim.reset();
		const [again] = await run(send());
		expect(again.json).toMatchObject({ requestId: REQUEST_ID, state: 'spent', alreadySent: true });
		expect(env.paid(REQUEST_ID)).toBe(1);
		expect(env.sim.requests.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([`GET /safe/transactions/${REQUEST_ID}`]);
	});

	test('any other text as Request ID becomes the same UUID each run: {{ $json.invoiceId }} makes a re-run safe', async () => {
		fund();
		const [first] = await run(send({ requestId: 'INV-2026-0042' }));
		const [second] = await run(send({ requestId: 'INV-2026-0042' }));
		expect(first.json.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(second.json).toMatchObject({ requestId: first.json.requestId, alreadySent: true });
		expect(env.paid(first.json.requestId as string)).toBe(1);
	});

	test('an empty Request ID: a new one per item, in the output', async () => {
		fund();
		const output = await run(send({ requestId: '', amount: '0.1' }), { items: [{ json: {} }, { json: {} }] });
		const ids = jsonOf(output).map((json) => json.requestId);
		expect(new Set(ids).size).toBe(2);
		expect(env.sim.payments.map((p: { requestId: string }) => p.requestId).sort()).toEqual([...ids].sort());
	});

	test.each([
		['1.123456789', 'has more than 8 decimals (Mixin amounts have 8; nothing is rounded)'],
		['0', 'is zero'],
		['-1', 'is negative'],
		['1e3', 'is not a decimal number'],
	])('Amount %s is refused before any request: %s', async (amount, why) => {
		fund();
		const error = await captureError(run(send({ amount })));
		expect(error.message).toBe(`The Amount field ${why}: ${amount}`);
		expect(env.sim.requests).toHaveLength(0);
	});

	test('more than the balance: a clear error before any transaction request', async () => {
		fund('0.5', 2);
		const error = await captureError(run(send({ amount: '1.00000001' })));
		expect(error.message).toBe(`Not enough of asset ${USDT}: the transfer needs 1.00000001, the bot holds 1. Nothing was sent.`);
		expect(sent('/safe/transaction/requests') + sent('/safe/keys')).toBe(0);
		expect(env.sim.payments).toHaveLength(0);
	});

	test('a memo over 256 bytes is refused before any request', async () => {
		const error = await captureError(run(send({ memo: 'é'.repeat(129) })));
		expect(error.message).toBe('The Memo field is 258 bytes long; Mixin allows 256');
		expect(env.sim.requests).toHaveLength(0);
	});

	test('a send that needs more than 256 inputs first merges outputs into one, paid to the bot itself', async () => {
		fund('0.01', 150);
		fund('0.01', 150);
		const [item] = await run(send({ amount: '2.9' }));
		expect(item.json).toMatchObject({ state: 'spent', amount: '2.9' });
		expect(env.sim.balance(ALICE, USDT)).toBe('2.9');
		expect(env.sim.balance(env.bot.appId, USDT)).toBe('0.1');
		expect(env.paid(REQUEST_ID)).toBe(1);
		expect(env.sim.paymentsTo(ALICE)).toHaveLength(1);
		expect(env.sim.payments).toHaveLength(2);
	});

	test('50 concurrent sends from one bot (separate executions) pay 50 times, each once', async () => {
		fund('1', 4);
		const ids = Array.from({ length: 50 }, (_, i) => `order-${i}`);
		const outputs = await Promise.all(ids.map((id) => run(send({ requestId: id, amount: '0.01' }))));
		expect(outputs.flat().every((item) => item.json.state === 'spent' && !item.json.alreadySent)).toBe(true);
		expect(env.sim.paymentsTo(ALICE)).toHaveLength(50);
		expect(new Set(env.sim.payments.map((p: { requestId: string }) => p.requestId)).size).toBe(50);
		expect(env.sim.balance(ALICE, USDT)).toBe('0.5');
		expect(env.sim.balance(env.bot.appId, USDT)).toBe('3.5');
	}, 60_000);

	const steps: Array<[string, string]> = [
		['GET', `/safe/transactions/${REQUEST_ID}`],
		['GET', '/safe/outputs'],
		['POST', '/safe/keys'],
		['POST', '/safe/transaction/requests'],
		['POST', '/safe/transactions'],
	];
	const faults: Array<[string, Record<string, unknown>]> = [
		['HTTP 500', { status: 500 }],
		['a dropped connection', { dropConnection: true }],
		['an answer lost after the work was done', { lostAnswer: true, dropConnection: true }],
	];
	test.each(steps.flatMap(([method, path]) => faults.map(([kind, fault]) => [method, path, kind, fault] as const)))(
		'%s %s failing with %s: at most one payment, and a re-run with the same Request ID completes it exactly once',
		async (method, path, _kind, fault) => {
			fund();
			env.sim.fault({ method, path, ...fault });
			const first = await run(send()).then(
				(items) => ({ items }),
				(error: Error & { description?: string }) => ({ error }),
			);
			expect(env.paid(REQUEST_ID)).toBeLessThanOrEqual(1);
			if ('error' in first) {
				expectNoSecret(`${first.error.message} ${first.error.description}`, env.secrets);
				if (env.paid(REQUEST_ID) === 1) expect(first.error.message).toMatch(/it may have been done/);
			}
			env.sim.reset();
			const [again] = await run(send());
			expect(again.json).toMatchObject({ requestId: REQUEST_ID, state: 'spent' });
			expect(env.paid(REQUEST_ID)).toBe(1);
			expect(env.sim.balance(ALICE, USDT)).toBe('0.65');
		},
		30_000,
	);

	test('an outcome still unknown after the lookups says so, and how to check', async () => {
		fund();
		env.sim.fault({ method: 'POST', path: '/safe/transactions', dropConnection: true, times: 3 });
		const error = (await captureError(run(send()))) as Error & { description?: string };
		expect(error.message).toBe('Mixin: the connection was closed before an answer to POST /safe/transactions; it may have been done, and was not sent again');
		expect(error.description).toBe(`Run it again with the same Request ID (${REQUEST_ID}): it is looked up first and never paid twice. Or check it with Transfer → Get.`);
	}, 60_000);

	test('inputs taken by another process at submission: rebuilt with the same Request ID, paid once', async () => {
		fund();
		env.sim.fault({ method: 'POST', path: '/safe/transactions', status: 202, body: { error: { status: 202, code: 20117, description: 'Insufficient balance.' } } });
		const [item] = await run(send());
		expect(item.json).toMatchObject({ state: 'spent' });
		expect(sent('/safe/transaction/requests')).toBe(2);
		expect(env.paid(REQUEST_ID)).toBe(1);
	});

	test('the credential refuses: nothing is sent at all, and the error names the field', async () => {
		fund();
		env.store.put({ id: 'cred-1', type: 'mixinApi', name: 'bot', data: { keystore: env.bot.hexKeystore, baseUrl: env.sim.url, rateLimit: 0 } });
		env.sim.reset();
		const off = await captureError(run(send()));
		expect(off.message).toBe('Transfers are off in the Mixin API credential: nothing was sent.');
		env.store.put({ id: 'cred-1', type: 'mixinApi', name: 'bot', data: { keystore: env.bot.hexKeystore, baseUrl: env.sim.url, rateLimit: 0, allowTransfers: true, allowedRecipients: EXINONE_BOT } });
		const elsewhere = await captureError(run(send()));
		expect(elsewhere.message).toMatch(/^Recipient 0b2c7d1e-.* is not in the Allowed Recipients of the Mixin API credential: nothing was sent\.$/);
		expect(env.sim.requests).toHaveLength(0);
		expect(env.sim.payments).toHaveLength(0);
	});

	test('no secret in outputs or errors: session key, spend key, PIN, PIN token', async () => {
		fund();
		const output = await run(send());
		const failures = await Promise.all([
			captureError(run(send({ amount: '5', requestId: 'too-much' }))),
			captureError(run(send({ requestId: '', recipientId: 'nobody' }))),
		]);
		const text = JSON.stringify(jsonOf(output)) + failures.map((e: Error & { description?: string }) => `${e.message} ${e.description} ${JSON.stringify(e)}`).join(' ');
		expectNoSecret(text, env.secrets);
	});
});

describe('Send Many', () => {
	const item = (recipientId: string, amount: string, requestId: string, assetId = USDT) => ({ json: { recipientId, amount, requestId, assetId } });
	const params = {
		resource: 'transfer',
		operation: 'sendMany',
		recipientId: '={{ $json.recipientId }}',
		assetId: '={{ $json.assetId }}',
		amount: '={{ $json.amount }}',
		requestId: '={{ $json.requestId }}',
		memo: 'payroll',
	};

	test('100 recipients: one transaction, 5 requests (100 Sends: 500); a re-run pays nothing more', async () => {
		fund('10', 2);
		const recipients = Array.from({ length: 100 }, (_, i) => `0b2c7d1e-3f4a-4b5c-8d6e-${String(i).padStart(12, '0')}`);
		for (const id of recipients) env.sim.addUser({ userId: id });
		const items = recipients.map((id, i) => item(id, '0.01', `pay-${i}`));
		const output = await run(params, { items });
		expect(output).toHaveLength(100);
		expect(env.sim.requests).toHaveLength(5);
		expect(env.sim.payments).toHaveLength(1);
		expect(env.sim.payments[0].outputs.filter((o: { receiverId: string }) => o.receiverId !== env.bot.appId)).toHaveLength(100);
		const txId = output[0].json.transactionRequestId;
		expect(output.every((o, i) => o.json.transactionRequestId === txId && o.json.requestId !== undefined && o.pairedItem && (o.pairedItem as { item: number }).item === i)).toBe(true);
		env.sim.reset();
		const again = await run(params, { items });
		expect(again.every((o) => o.json.alreadySent === true)).toBe(true);
		expect(env.sim.payments).toHaveLength(1);
		expect(env.sim.requests).toHaveLength(1);
	}, 30_000);

	test('grouped per asset; more than 255 recipients of one asset: several transactions', async () => {
		fund('10', 1);
		fund('1', 1, BTC);
		const recipients = Array.from({ length: 260 }, (_, i) => `0b2c7d1e-3f4a-4b5c-8d6e-${String(i).padStart(12, '0')}`);
		for (const id of recipients) env.sim.addUser({ userId: id });
		const items = [...recipients.map((id, i) => item(id, '0.001', `u-${i}`)), item(ALICE, '0.5', 'btc-1', BTC)];
		const output = await run(params, { items });
		expect(output).toHaveLength(261);
		expect(env.sim.payments).toHaveLength(3);
		expect(env.sim.balance(ALICE, BTC)).toBe('0.5');
	}, 30_000);

	test('a wrong item fails alone before anything is sent (Continue On Fail); duplicate Request IDs are refused', async () => {
		fund();
		const items = [item(ALICE, '0.1', 'a'), item(ALICE, '0.1.1', 'b'), item(ALICE, '0.2', 'a')];
		const output = await run(params, { items, continueOnFail: true });
		expect(jsonOf(output)).toEqual([
			expect.objectContaining({ requestId: expect.any(String), state: 'spent', amount: '0.1' }),
			expect.objectContaining({ error: 'The Amount field is not a decimal number: 0.1.1' }),
			expect.objectContaining({ error: expect.stringMatching(/is used by an earlier item/) }),
		]);
		expect(env.sim.payments).toHaveLength(1);
	});
});

describe('Get', () => {
	test('the state, hash and amount of a Request ID; an unknown one is a clear error', async () => {
		fund();
		const [paid] = await run(send());
		const [item] = await run({ resource: 'transfer', operation: 'get', requestId: REQUEST_ID });
		expect(item.json).toMatchObject({ requestId: REQUEST_ID, state: 'spent', transactionHash: paid.json.transactionHash, memo: 'invoice 42' });
		const error = await captureError(run({ resource: 'transfer', operation: 'get', requestId: 'never-used' }));
		expect(error.message).toMatch(/^Mixin has no transaction with Request ID [0-9a-f-]{36}$/);
	});
});
