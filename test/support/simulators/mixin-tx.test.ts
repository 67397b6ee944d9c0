/**
 * The Mixin simulator refuses, as the kernel and the sequencer would, every transaction that could
 * pay wrongly or twice: unbalanced, foreign or spent inputs, bad signatures, keys it did not issue,
 * ghost keys already used by another transaction. Nothing refused reaches the ledger.
 */
import crypto from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

import { BOT, EXINONE, SPEND, USDT, mixinError, sdk, useMixinSim } from './mixin-test-kit';

describe('Mixin simulator: transaction checks', () => {
	const env = useMixinSim();
	const OTHER = '2c1d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

	/** Builds an unsigned raw with the SDK from the given inputs and [receiver, amount] outputs. */
	async function build(utxos: any[], outs: [string, string][], requestId = crypto.randomUUID(), extra = Buffer.from('m')) {
		const recipients = outs.map(([to, amount]) => sdk.buildSafeTransactionRecipient([to], 1, amount));
		const ghosts = await env.api.utxo.ghostKey(recipients, requestId, SPEND);
		const tx = sdk.buildSafeTransaction(utxos, recipients, ghosts, extra);
		return { requestId, tx, raw: sdk.encodeSafeTransaction(tx) };
	}
	const request = (raw: string, requestId: string) => env.call('POST', '/safe/transaction/requests', { body: [{ request_id: requestId, raw }] });
	const submit = (raw: string, requestId: string) => env.call('POST', '/safe/transactions', { body: [{ request_id: requestId, raw }] });
	const refused = async (r: Promise<any>, code: number, description: RegExp) => {
		const e = mixinError(await r);
		expect(e.code).toBe(code);
		expect(e.description).toMatch(description);
	};
	const unspent = () => env.sim.outputs(BOT).filter((o: any) => o.state === 'unspent');

	beforeEach(() => {
		env.sim.addUser({ userId: OTHER });
		env.sim.deposit({ userId: BOT, assetId: USDT, amount: '1', count: 2 });
	});
	afterEach(() => expect(env.sim.payments.filter((p: any) => p.senderId === BOT).length).toBeLessThanOrEqual(1));

	it('refuses unbalanced amounts, in both directions', async () => {
		const less = await build(unspent().slice(0, 1), [[EXINONE, '0.5']]);
		await refused(request(less.raw, less.requestId), 10002, /amounts: inputs 1 != outputs 0.5/);
		const more = await build(unspent().slice(0, 1), [[EXINONE, '1.00000001']]);
		await refused(request(more.raw, more.requestId), 10002, /amounts/);
	});

	it("refuses somebody else's output as input, and an input used twice", async () => {
		const [theirs] = env.sim.deposit({ userId: OTHER, assetId: USDT, amount: '1' });
		const t = await build([theirs], [[EXINONE, '1']]);
		await refused(request(t.raw, t.requestId), 10002, new RegExp(`input 0 \\(${theirs.transaction_hash}:0\\) is not an output of the caller`));
		const [mine] = unspent();
		const twice = await build([mine, mine], [[EXINONE, '2']]);
		await refused(request(twice.raw, twice.requestId), 10002, /used twice/);
	});

	it('refuses a spent input with 20117, naming it', async () => {
		const [first] = unspent();
		await env.transfer({ amount: '1', utxos: [first] });
		const t = await build([first], [[EXINONE, '1']]);
		await refused(request(t.raw, t.requestId), 20117, new RegExp(`input 0 \\(${first.transaction_hash}:0\\) is already spent`));
	});

	it('refuses bad signatures: a wrong spend key, a flipped byte, a missing map', async () => {
		const p = await env.prepare({ amount: '1.5' });
		const wrong = sdk.signSafeTransaction(p.tx, p.verified.views, crypto.randomBytes(32).toString('hex'));
		await refused(submit(wrong, p.requestId), 10002, /input 0: signature does not verify/);
		const flipped = p.signed.slice(0, -2) + (p.signed.endsWith('00') ? '01' : '00');
		await refused(submit(flipped, p.requestId), 10002, /input 1: signature does not verify/);
		const oneMap = p.signed.slice(0, p.raw.length - 4) + '0001' + p.signed.slice(p.raw.length, p.raw.length + 4 + 132);
		await refused(submit(oneMap, p.requestId), 10002, /1 maps for 2 inputs/);
		await refused(submit(p.raw, p.requestId), 10002, /0 maps for 2 inputs/);
		expect(env.sim.payments).toHaveLength(0);
		expect((await submit(p.signed, p.requestId)).json.data[0].state).toBe('spent');
	});

	it('refuses keys it did not issue, a wrong mask, a multisig output, a non 1-of-1 script', async () => {
		const t = await build(unspent().slice(0, 1), [[EXINONE, '1']]);
		const key = t.tx.outputs[0].keys[0];
		const stranger = Buffer.from(ed25519.Point.BASE.multiply(12345n).toBytes()).toString('hex');
		const variants: [(o: any) => void, RegExp][] = [
			[(o) => (o.keys = [stranger]), /is not a ghost key from POST \/safe\/keys/],
			[(o) => (o.mask = stranger), /mask does not belong to ghost key/],
			[(o) => (o.keys = [key, key]), /2 keys/],
			[(o) => (o.script = 'fffe02'), /script fffe02/],
		];
		for (const [change, why] of variants) {
			const tx = { ...t.tx, outputs: t.tx.outputs.map((o: any) => ({ ...o, keys: [...o.keys] })) };
			change(tx.outputs[0]);
			await refused(request(sdk.encodeSafeTransaction(tx), crypto.randomUUID()), 10002, why);
		}
	});

	it('a ghost key is locked to the first transaction: a rebuild with other inputs under a new request_id is refused', async () => {
		const [a, b] = unspent();
		const first = await build([a], [[EXINONE, '1']]);
		await request(first.raw, first.requestId);
		const [view] = (await request(first.raw, first.requestId)).json.data[0].views;
		await submit(sdk.signSafeTransaction(first.tx, [view], SPEND), first.requestId);
		const reuse = sdk.buildSafeTransaction([b], [sdk.buildSafeTransactionRecipient([EXINONE], 1, '1')], [{ mask: first.tx.outputs[0].mask as string, keys: first.tx.outputs[0].keys }], Buffer.from('m'));
		await refused(request(sdk.encodeSafeTransaction(reuse), crypto.randomUUID()), 10002, /ghost key .* is locked by transaction/);
		expect(env.sim.paymentsTo(EXINONE)).toHaveLength(1);
	});

	it('refuses malformed raws, a large extra, a submission without request, and checks the keys request', async () => {
		const [o] = unspent();
		const t = await build([o], [[EXINONE, '1']]);
		await refused(request(t.raw.slice(0, -10), t.requestId), 10002, /truncated/);
		await refused(request(t.raw + '00', t.requestId), 10002, /after the signatures/);
		await refused(request('6666' + t.raw.slice(4), t.requestId), 10002, /bad magic/);
		await refused(request('xyz', t.requestId), 10002, /raw must be hex/);
		const big = await build([o], [[EXINONE, '1']], crypto.randomUUID(), Buffer.alloc(257, 1));
		await refused(request(big.raw, big.requestId), 10002, /extra: 257 bytes/);
		await refused(submit(t.raw, crypto.randomUUID()), 10002, /no such transaction request/);
		await refused(env.call('POST', '/safe/transaction/requests', { body: [{ request_id: 'nope', raw: t.raw }] }), 10002, /request_id/);
		const keys = (body: unknown) => env.call('POST', '/safe/keys', { body });
		const hint = crypto.randomUUID();
		await refused(keys([{ receivers: [crypto.randomUUID()], index: 0, hint }]), 10404, /not registered/);
		await refused(keys([{ receivers: [EXINONE, OTHER], index: 0, hint }]), 10002, /only one receiver/);
		const once = (await keys([{ receivers: [EXINONE], index: 3, hint }])).json.data;
		expect(once).toEqual((await keys([{ receivers: [EXINONE], index: 3, hint }])).json.data);
		expect(once[0]).toMatchObject({ type: 'ghost_key', mask: expect.stringMatching(/^[0-9a-f]{64}$/), keys: [expect.stringMatching(/^[0-9a-f]{64}$/)] });
		expect(once).not.toEqual((await keys([{ receivers: [EXINONE], index: 4, hint }])).json.data);
		expect(env.sim.payments).toHaveLength(0);
	});
});
