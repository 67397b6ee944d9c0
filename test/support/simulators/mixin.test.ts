/**
 * The Mixin Safe simulator (mixin.js) driven by the official SDK: a transfer pays exactly once, the
 * change is spendable again, and every retry path (request again, submit again, a lost answer, the
 * SDK's own retries) leaves one payment in the ledger.
 */
import { BOT, EXINONE, USDT, BTC, sdk, useMixinSim } from './mixin-test-kit';

describe('Mixin simulator: transfers with the official SDK', () => {
	const env = useMixinSim();

	it('pays once, with the ledger, balances and request right; the change is spendable again', async () => {
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '0.3' });
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '0.5' });
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '1.2345678' });
		const seen: any[] = [];
		const off = env.sim.onPayment((p: any) => seen.push(p));
		const sent = await env.transfer({ amount: '0.65', memo: 'RVhJTk9ORS1URVNULU1FTU8=' });
		expect(sent).toMatchObject({ type: 'kernel_transaction_request', state: 'spent', user_id: BOT, amount: '0.65', asset_id: USDT });
		expect(sent.snapshot_id).toMatch(/^[0-9a-f-]{36}$/);
		expect(env.sim.payments).toHaveLength(1);
		const p = env.sim.payments[0];
		expect(p).toMatchObject({ requestId: sent.request_id, transactionHash: sent.transaction_hash, senderId: BOT, assetId: USDT, memo: 'RVhJTk9ORS1URVNULU1FTU8=' });
		expect(p.extra.toString('utf8')).toBe('RVhJTk9ORS1URVNULU1FTU8=');
		expect(p.outputs).toEqual([{ receiverId: EXINONE, amount: '0.65' }, { receiverId: BOT, amount: '0.15' }]);
		expect(seen).toEqual([p]);
		off();
		expect(env.sim.paymentsTo(EXINONE)).toEqual([p]);
		expect(env.sim.paymentsTo(BOT)).toEqual([]);
		expect([env.sim.balance(BOT, USDT), env.sim.balance(EXINONE, USDT)]).toEqual(['1.3845678', '0.65']);
		// the inputs are spent by the transaction; the receivers' outputs carry the request id and extra
		const spent = env.sim.outputs(BOT).filter((o: any) => o.state === 'spent');
		expect(spent.map((o: any) => [o.amount, o.signed_by])).toEqual([['0.3', sent.transaction_hash], ['0.5', sent.transaction_hash]]);
		const [got] = env.sim.outputs(EXINONE);
		expect(got).toMatchObject({ amount: '0.65', state: 'unspent', request_id: sent.request_id, senders: [BOT], extra: Buffer.from('RVhJTk9ORS1URVNULU1FTU8=').toString('hex') });
		// the SDK reads the same through the API
		expect(await env.api.utxo.fetchTransaction(sent.request_id)).toMatchObject({ state: 'spent', raw_transaction: sent.raw_transaction });
		expect(await env.api.utxo.fetchTransaction(sent.transaction_hash)).toMatchObject({ request_id: sent.request_id });
		expect(await env.api.utxo.safeAssetBalance({ members: [BOT], threshold: 1, asset: USDT })).toBe('1.3845678');

		// a second transfer of 0.1 spends the change output
		const change = env.sim.outputs(BOT).find((o: any) => o.amount === '0.15');
		const second = await env.transfer({ amount: '0.1', utxos: [change] });
		expect(second.state).toBe('spent');
		expect(env.sim.payments[1].outputs).toEqual([{ receiverId: EXINONE, amount: '0.1' }, { receiverId: BOT, amount: '0.05' }]);
		expect([env.sim.balance(BOT, USDT), env.sim.balance(EXINONE, USDT)]).toEqual(['1.2845678', '0.75']);
	});

	it('a replayed submission, or a request again after it, pays nothing more', async () => {
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '1' });
		const p = await env.prepare({ amount: '0.4' });
		const [first] = await env.api.utxo.sendTransactions([{ raw: p.signed, request_id: p.requestId }]);
		const [again] = await env.api.utxo.sendTransactions([{ raw: p.signed, request_id: p.requestId }]);
		expect(again).toEqual(first);
		const [asked] = await env.api.utxo.verifyTransaction([{ raw: p.raw, request_id: p.requestId }]);
		expect(asked).toMatchObject({ state: 'spent', transaction_hash: first.transaction_hash });
		expect(env.sim.payments).toHaveLength(1);
		expect(env.sim.balance(EXINONE, USDT)).toBe('0.4');
		// a rebuilt transaction under the same request_id (the same ghost keys) is answered with the first one
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '5' });
		const rebuilt = await env.prepare({ amount: '0.4', requestId: p.requestId });
		expect(rebuilt.verified).toMatchObject({ state: 'spent', transaction_hash: first.transaction_hash });
		expect(env.sim.payments).toHaveLength(1);
	});

	it('request_id idempotency: an unspent request is replaced by a new raw; only one of two requests on the same output wins', async () => {
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '1' });
		const a = await env.prepare({ amount: '0.2' });
		const b = await env.prepare({ amount: '0.3', requestId: a.requestId });
		expect(b.verified.transaction_hash).not.toBe(a.verified.transaction_hash);
		expect(env.sim.transaction(a.requestId)).toMatchObject({ state: 'unspent', transaction_hash: b.verified.transaction_hash, amount: '0.3' });
		// the replaced raw is no longer the request's
		await expect(env.api.utxo.sendTransactions([{ raw: a.signed, request_id: a.requestId }])).rejects.toMatchObject({ code: 10002 });
		// requesting does not lock the inputs: another request on the same output is accepted, the first submitted wins
		const c = await env.prepare({ amount: '0.5' });
		await env.api.utxo.sendTransactions([{ raw: c.signed, request_id: c.requestId }]);
		await expect(env.api.utxo.sendTransactions([{ raw: b.signed, request_id: b.requestId }])).rejects.toMatchObject({ code: 20117, description: expect.stringMatching(/input 0 .* already spent by transaction/) });
		expect(env.sim.payments.map((x: any) => x.requestId)).toEqual([c.requestId]);
		expect(env.sim.transaction(b.requestId).state).toBe('unspent');
	});

	it('a lost answer leaves the payment recorded; asking and submitting again pays nothing more', async () => {
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '1' });
		const p = await env.prepare({ amount: '0.25' });
		env.sim.fault({ method: 'POST', path: '/safe/transactions', lostAnswer: true });
		const body = [{ raw: p.signed, request_id: p.requestId }];
		await expect(env.call('POST', '/safe/transactions', { body })).rejects.toThrow();
		expect(env.sim.requests.at(-1)).toMatchObject({ status: 0, faulted: true, lostStatus: 200 });
		expect(env.sim.payments).toHaveLength(1);
		const got = await env.call('GET', `/safe/transactions/${p.requestId}`);
		expect(got.json.data).toMatchObject({ state: 'spent', raw_transaction: p.signed });
		const again = await env.call('POST', '/safe/transactions', { body });
		expect(again.json.data[0]).toMatchObject({ state: 'spent', snapshot_id: got.json.data.snapshot_id });
		expect(env.sim.payments).toHaveLength(1);
	});

	it("the SDK's own retry after a lost answer is answered with the spent request", async () => {
		env.sim.deposit({ userId: BOT, assetId: BTC, amount: '0.01' });
		const p = await env.prepare({ amount: '0.004', asset: BTC });
		env.sim.fault({ method: 'POST', path: '/safe/transactions', lostAnswer: true });
		const [sent] = await env.api.utxo.sendTransactions([{ raw: p.signed, request_id: p.requestId }]);
		expect(sent).toMatchObject({ state: 'spent', request_id: p.requestId, raw_transaction: p.signed });
		expect(env.sim.count('POST', '/safe/transactions')).toBe(2);
		expect(env.sim.payments).toHaveLength(1);
		expect([env.sim.balance(BOT, BTC), env.sim.balance(EXINONE, BTC)]).toEqual(['0.006', '0.004']);
	});

	it('answers a request with one view per input and each output\'s receiver', async () => {
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '2', count: 2 });
		const p = await env.prepare({ amount: '3' });
		expect(p.verified.views).toHaveLength(2);
		expect(p.verified).toMatchObject({ state: 'unspent', raw_transaction: p.raw, senders: [BOT], amount: '3' });
		expect(p.verified.receivers).toEqual([
			{ members: [EXINONE], members_hash: sdk.hashMembers([EXINONE]), threshold: 1, destination: '', tag: '', withdrawal_hash: '' },
			{ members: [BOT], members_hash: sdk.hashMembers([BOT]), threshold: 1, destination: '', tag: '', withdrawal_hash: '' },
		]);
		expect(sdk.decodeSafeTransaction(p.raw).outputs.map((o: any) => o.amount)).toEqual(['3', '1']);
	});
});
