/**
 * The client-side rate limit (credentials/common/rate-limit.ts): requests are spaced per credential so
 * that no more than its rate start in any second, shared by every execution in the process; and what
 * it is for: a 30-item mint batch on NFTRainbow's free tier (5 requests/s) loses nothing.
 */
import { performance } from 'node:perf_hooks';

import { forgetRateLimits, rateOf, takeTurn } from '../../../credentials/common/rate-limit';
import { mintParameters, useRainbowNode } from '../../support/rainbow-node';

describe('takeTurn', () => {
	beforeEach(() => forgetRateLimits());

	test('spaces the turns of one key at its rate, and leaves other keys alone', async () => {
		const started = performance.now();
		await Promise.all(Array.from({ length: 6 }, () => takeTurn('a', 10)));
		const paced = performance.now() - started;
		expect(paced).toBeGreaterThanOrEqual(450);
		const other = performance.now();
		await takeTurn('b', 10);
		expect(performance.now() - other).toBeLessThan(50);
	});

	test('a rate of 0 means no limit', async () => {
		const started = performance.now();
		await Promise.all(Array.from({ length: 50 }, () => takeTurn('c', 0)));
		expect(performance.now() - started).toBeLessThan(50);
	});

	test('the rate is the credential field, else the service default', () => {
		expect(rateOf({ rateLimit: 10 }, 5)).toBe(10);
		expect(rateOf({ rateLimit: '2.5' }, 5)).toBe(2.5);
		expect(rateOf({ rateLimit: 0 }, 5)).toBe(0);
		expect(rateOf({}, 5)).toBe(5);
		expect(rateOf({ rateLimit: '' }, 5)).toBe(5);
		expect(rateOf({ rateLimit: -1 }, 5)).toBe(5);
	});
});

describe("a 30-item mint batch on Rainbow's free tier (5 requests/s)", () => {
	const env = useRainbowNode();
	const items = Array.from({ length: 30 }, (_, i) => ({ json: { n: i } }));
	const mint = () => mintParameters(env);
	const mints = () => env.calls().filter((r) => r.method === 'POST' && /^\/v1\/mints\/?$/.test(r.path));

	beforeEach(() => {
		env.sim.setRateLimit(5);
	});

	test("with the credential's default rate: every mint is done once, and the service never answers 429", async () => {
		env.store.edit('cred-1', { rateLimit: '' }); // an empty field: the service's default rate
		const before = env.state().mintCount;
		const output = await run();
		expect(output).toHaveLength(30);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(30);
		expect(env.state().mintCount - before).toBe(30);
		expect(mints()).toHaveLength(30);
		expect(env.sim.requests.filter((r) => r.status === 429)).toHaveLength(0);
	}, 30_000);

	test('without a client limit: the 429s (code 42900) are retried, and every mint is still done once', async () => {
		env.store.edit('cred-1', { rateLimit: 0 });
		const before = env.state().mintCount;
		const output = await run();
		expect(output).toHaveLength(30);
		expect(env.state().mintCount - before).toBe(30);
		const limited = mints().filter((r) => r.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		expect(mints()).toHaveLength(30 + limited.length);
	}, 60_000);

	async function run() {
		return await env.run(mint(), { items });
	}
});
