/**
 * The polling triggers' state (nodes/shared/poll-state.ts), on its own: which records a poll emits,
 * what it keeps, and — over random histories with n8n's saving rules and restarts — that no record is
 * emitted twice or lost.
 */
import {
	advance,
	compare,
	latest,
	MAX_EMITTED,
	needsMore,
	oldestFirst,
	PAGE_SIZE,
	PENDING,
	readState,
	release,
	type Entry,
	type PollState,
} from '../../../nodes/shared/poll-state';

const scope = 'mint';
const events = ['succeeded', 'failed'];
const entry = (id: number, outcome = PENDING, position = [id]): Entry => ({ id: String(id), position, outcome, record: { id, outcome } });
const state = (over: Partial<PollState> = {}): PollState => ({ version: 1, scope, seq: 1, mark: [10], pending: [], emitted: [], ...over });
const ids = (entries: Entry[]) => entries.map((e) => Number(e.id));

describe('compare', () => {
	test('element by element, a missing element is older, [] is older than all', () => {
		expect(compare([5], [4])).toBe(1);
		expect(compare([100, 1], [100, 2])).toBe(-1);
		expect(compare([101, 1], [100, 9])).toBe(1);
		expect(compare([], [0])).toBe(-1);
		expect(compare([3, 4], [3, 4])).toBe(0);
	});
});

describe('readState', () => {
	test('a state of another scope, another version or an unreadable one is no state: the poll is a baseline', () => {
		const kept = state({ pending: [{ id: '7', at: [7] }], emitted: ['9'] });
		expect(readState(kept, scope)).toEqual(kept);
		expect(readState(kept, 'transfer')).toBeUndefined();
		expect(readState({ ...kept, version: 2 }, scope)).toBeUndefined();
		expect(readState({ ...kept, mark: 'x' }, scope)).toBeUndefined();
		expect(readState(undefined, scope)).toBeUndefined();
	});

	test('is a copy: changing it leaves the static data alone', () => {
		const kept = state({ pending: [{ id: '7', at: [7] }] });
		const copy = readState(kept, scope)!;
		copy.mark.push(1);
		copy.pending[0].at.push(1);
		expect(kept).toEqual(state({ pending: [{ id: '7', at: [7] }] }));
	});
});

describe('needsMore', () => {
	test('a baseline reads on (to the page cap); an empty page ends the list', () => {
		expect(needsMore(undefined, [entry(3)])).toBe(true);
		expect(needsMore(undefined, [])).toBe(false);
	});

	test('a poll reads until it reaches the mark and every followed record', () => {
		expect(needsMore(state(), [entry(13), entry(11)])).toBe(true);
		expect(needsMore(state(), [entry(13), entry(10)])).toBe(false);
		const following = state({ pending: [{ id: '4', at: [4] }] });
		expect(needsMore(following, [entry(13), entry(9)])).toBe(true);
		expect(needsMore(following, [entry(13), entry(4)])).toBe(false);
	});
});

describe('advance', () => {
	test('the baseline emits nothing, marks the newest record and follows what is pending', () => {
		const { emit, next } = advance(undefined, [entry(12, 'failed'), entry(11), entry(9, 'succeeded')], { scope, events });
		expect(emit).toEqual([]);
		expect(next).toEqual(state({ mark: [12], pending: [{ id: '11', at: [11] }] }));
		expect(advance(undefined, [], { scope, events }).next.mark).toEqual([]);
	});

	test('new records that ended with a selected outcome are emitted, oldest first; pending ones are followed', () => {
		const { emit, next } = advance(state(), [entry(14, 'failed'), entry(13), entry(12, 'succeeded'), entry(10, 'succeeded')], { scope, events });
		expect(ids(emit)).toEqual([12, 14]);
		expect(next).toEqual(state({ seq: 2, mark: [14], pending: [{ id: '13', at: [13] }], emitted: ['12', '14'] }));
	});

	test('a record that had ended when first seen, at or below the mark, is never emitted', () => {
		expect(advance(state(), [entry(10, 'succeeded'), entry(9, 'failed')], { scope, events }).emit).toEqual([]);
	});

	test('a followed record is emitted when it ends, then no longer followed', () => {
		const following = state({ pending: [{ id: '8', at: [8] }] });
		const { emit, next } = advance(following, [entry(10, 'failed'), entry(8, 'succeeded')], { scope, events });
		expect(ids(emit)).toEqual([8]);
		expect(next.pending).toEqual([]);
	});

	test('an outcome not selected is not emitted, and the record is not followed any more', () => {
		const following = state({ pending: [{ id: '8', at: [8] }] });
		const { emit, next } = advance(following, [entry(11, 'failed'), entry(8, 'failed')], { scope, events: ['succeeded'] });
		expect(emit).toEqual([]);
		expect(next.pending).toEqual([]);
	});

	test('an id emitted before is not emitted again, even if it reads as new', () => {
		expect(advance(state({ emitted: ['12'] }), [entry(12, 'succeeded')], { scope, events }).emit).toEqual([]);
	});

	test('a record read twice (the list moved between two pages) is emitted once', () => {
		expect(ids(advance(state(), [entry(12, 'failed'), entry(12, 'failed'), entry(11)], { scope, events }).emit)).toEqual([12]);
	});

	test('a followed record this poll did not read (deleted, or beyond the page cap) is no longer followed', () => {
		const following = state({ pending: [{ id: '3', at: [3] }, { id: '8', at: [8] }] });
		expect(advance(following, [entry(11), entry(8)], { scope, events }).next.pending).toEqual([{ id: '11', at: [11] }, { id: '8', at: [8] }]);
	});

	test(`the ids emitted are kept up to ${MAX_EMITTED}, the newest`, () => {
		const read = Array.from({ length: MAX_EMITTED + 20 }, (_, i) => entry(11 + i, 'succeeded'));
		const { emit, next } = advance(state({ emitted: ['1', '2'] }), read, { scope, events });
		expect(emit).toHaveLength(MAX_EMITTED + 20);
		expect(next.emitted).toEqual(read.slice(20).map((e) => e.id));
	});

	test('the mark never moves back, and the sequence moves on with every state', () => {
		const { next } = advance(state({ seq: 7 }), [entry(9, 'succeeded')], { scope, events });
		expect(next).toMatchObject({ mark: [10], seq: 8 });
	});

	test('positions of several elements (ExinOne: createdAt, then id): an order in the mark\'s second with a higher id is new', () => {
		const exinone = state({ mark: [1700000000, 500] });
		const read = [entry(501, 'done', [1700000000, 501]), entry(500, 'done', [1700000000, 500]), entry(502, 'done', [1699999999, 502])];
		expect(ids(advance(exinone, read, { scope, events: ['done'] }).emit)).toEqual([501]);
	});
});

describe('release: emitted records whose execution n8n could not start', () => {
	test('are followed again and no longer taken for emitted, so the next poll emits them, once', () => {
		const prev = state({ mark: [10], pending: [{ id: '8', at: [8] }] });
		const read = [entry(12, 'succeeded'), entry(11, 'failed'), entry(10, 'succeeded'), entry(8, 'succeeded')];
		const first = advance(prev, read, { scope, events });
		expect(ids(first.emit)).toEqual([8, 11, 12]);
		const released = release(first.next, first.emit);
		expect(released).toEqual({ ...first.next, seq: first.next.seq + 1, pending: [{ id: '8', at: [8] }, { id: '11', at: [11] }, { id: '12', at: [12] }], emitted: [] });
		expect(needsMore(released, read.slice(0, 2))).toBe(true);
		const again = advance(released, read, { scope, events });
		expect(ids(again.emit)).toEqual([8, 11, 12]);
		expect(ids(advance(again.next, read, { scope, events }).emit)).toEqual([]);
	});

	test('leaves what other polls emitted, and a record followed already is followed once', () => {
		const now = state({ mark: [20], pending: [{ id: '12', at: [12] }], emitted: ['5', '12', '15'] });
		const released = release(now, [entry(12, 'succeeded'), entry(15, 'failed')]);
		expect(released.pending).toEqual([{ id: '12', at: [12] }, { id: '15', at: [15] }]);
		expect(released.emitted).toEqual(['5']);
	});
});

describe('oldestFirst: a page whose first record is older than its last', () => {
	const page = (...list: number[]) => list.map((id) => entry(id));

	test('a page that comes oldest first', () => {
		expect(oldestFirst(page(1, 2, 3))).toBe(true);
		expect(oldestFirst(page(1, 3, 2))).toBe(true);
	});

	test('newest first, also with a record out of place (the limit the triggers document); a single record or none says nothing', () => {
		expect(oldestFirst(page(9, 8, 5))).toBe(false);
		expect(oldestFirst(page(9, 7, 8, 5))).toBe(false);
		expect(oldestFirst(page(3))).toBe(false);
		expect(oldestFirst([])).toBe(false);
	});

	test('compared on the elements the list is sorted by: ExinOne orders of one second may come in any order', () => {
		const order = (id: number, at: number) => entry(id, PENDING, [at, id]);
		expect(oldestFirst([order(6, 100), order(7, 100)], 1)).toBe(false);
		expect(oldestFirst([order(6, 100), order(7, 100)])).toBe(true);
		expect(oldestFirst([order(7, 99), order(5, 100), order(6, 100)], 1)).toBe(true);
		expect(oldestFirst([order(8, 100), order(9, 100), order(5, 99)], 1)).toBe(false);
	});
});

test('latest: the newest record that ended with a selected outcome', () => {
	const read = [entry(9), entry(8, 'failed'), entry(7, 'succeeded')];
	expect(latest(read, events)?.id).toBe('8');
	expect(latest(read, ['succeeded'])?.id).toBe('7');
	expect(latest([entry(9)], events)).toBeUndefined();
});

/**
 * Random histories: records are created (some already ended), pending ones end, polls run, and n8n
 * restarts. n8n's rules: the state is saved at activation and when a poll emits; a restart polls from
 * the saved state. Each record that ends after the baseline with a selected outcome must be emitted
 * exactly once; none that had ended by the baseline ever.
 */
describe('over random histories with restarts', () => {
	function random(seed: number) {
		let s = seed;
		return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
	}

	function history(seed: number) {
		const rand = random(seed);
		const records: Array<{ id: number; outcome: string }> = [];
		const create = (outcome = PENDING) => records.push({ id: records.length + 1, outcome });
		const pick = () => (rand() < 0.5 ? 'succeeded' : 'failed');
		for (let i = 0; i < 30; i++) create(rand() < 0.3 ? PENDING : pick());
		/** Pages of the list newest first, as a trigger reads them. */
		const read = (prev: PollState | undefined) => {
			const list = [...records].reverse().map((r) => entry(r.id, r.outcome));
			const out: Entry[] = [];
			for (let page = 0; page * PAGE_SIZE < list.length; page++) {
				out.push(...list.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE));
				if (!needsMore(prev, out)) break;
			}
			return out;
		};
		let saved: PollState | undefined;
		let memory: PollState | undefined;
		const counts = new Map<number, number>();
		const runPoll = (save: 'always' | 'if emitted') => {
			const { emit, next } = advance(memory, read(memory), { scope, events });
			memory = next;
			if (emit.length && rand() < 0.15) {
				// n8n could not start the execution (its database unreachable): nothing ran, nothing was
				// saved, and the trigger releases the records
				memory = release(next, emit);
				return;
			}
			for (const e of emit) counts.set(Number(e.id), (counts.get(Number(e.id)) ?? 0) + 1);
			if (save === 'always' || emit.length) saved = structuredClone(next);
		};
		runPoll('always'); // activation
		const endedAtBaseline = new Set(records.filter((r) => r.outcome !== PENDING).map((r) => r.id));
		for (let step = 0; step < 150; step++) {
			const roll = rand();
			const pending = records.filter((r) => r.outcome === PENDING);
			if (roll < 0.35) create(rand() < 0.7 ? PENDING : pick());
			else if (roll < 0.65 && pending.length) pending[Math.floor(rand() * pending.length)].outcome = pick();
			else if (roll < 0.9) runPoll('if emitted');
			else {
				memory = structuredClone(saved); // a restart: what was in memory is gone
				runPoll('always'); // the startup poll, saved with the activation
			}
		}
		for (const r of records) if (r.outcome === PENDING) r.outcome = pick();
		for (let i = 0; i < 10; i++) runPoll('if emitted'); // a failed emission is emitted again by a later poll
		return { records, counts, endedAtBaseline };
	}

	test.each(Array.from({ length: 40 }, (_, i) => i + 1))('history %i: each record emitted once (failed emissions again), none of the history', (seed) => {
		const { records, counts, endedAtBaseline } = history(seed);
		for (const record of records) {
			expect({ id: record.id, emitted: counts.get(record.id) ?? 0 }).toEqual({ id: record.id, emitted: endedAtBaseline.has(record.id) ? 0 : 1 });
		}
	});
});
