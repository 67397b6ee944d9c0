import type { IDataObject } from 'n8n-workflow';

/**
 * What a polling trigger remembers between polls, and which records a poll emits: pure functions, so
 * the rules that keep a trigger from emitting a record twice or losing one are tested on their own.
 *
 * A trigger reads a service's list newest first and gives each record an id, a position in that list
 * and an outcome (pending, or how it ended). Newest first is what the services' docs show, not what
 * they promise: `oldestFirst` finds a page that comes the other way, and the poll then fails and
 * changes nothing rather than take new records for history or emit old ones. The state keeps:
 * - `mark`: the position of the newest record seen; anything above it is new;
 * - `pending`: the records seen pending (new since the baseline), followed until they end;
 * - `emitted`: the ids emitted last (at most MAX_EMITTED), never emitted again.
 * A record is emitted when it has ended with a selected outcome and is new or followed. A record that
 * had already ended when first seen (at the baseline: the history) is neither, so it is never emitted.
 *
 * n8n (2.41) saves a trigger's static data only when it activates the workflow and when a poll emits
 * items; what a poll that emits nothing changes lives in memory until a restart. So after a restart the
 * state may be the one of the last emitting poll, not of the last poll. The polls between returned
 * nothing: every record they saw as new or followed was pending, or ended with an outcome not
 * selected. From the older state those records are new or followed again and get the same decision:
 * a lagging state only makes a poll read further back (within the page cap), never emit twice or skip.
 *
 * Emitted records whose execution n8n could not start (its database unreachable) are `release`d: they
 * are followed again, so the next poll emits them; poll-trigger.ts learns of it from n8n.
 */

/** Where a record stands in the list, compared element by element: the larger is newer. */
export type Position = number[];

/** The outcome of a record that has not ended yet. */
export const PENDING = 'pending';

/** A record as a trigger reads it. */
export interface Entry {
	id: string;
	position: Position;
	/** PENDING, or the final outcome (an event the user can select). */
	outcome: string;
	/** The record as the service returned it. */
	record: IDataObject;
}

/** Records asked for per page. */
export const PAGE_SIZE = 50;
/** Pages one poll reads at most: a poll looks at the newest 500 records, never more. */
export const MAX_PAGES_PER_POLL = 10;
/** Ids of emitted records remembered. */
export const MAX_EMITTED = 500;

export interface PollState {
	version: 1;
	/** What was read (resource, filters): a poll of something else starts over with a new baseline. */
	scope: string;
	/** Moves on with every state written, so that a poll can tell that another one wrote meanwhile. */
	seq: number;
	/** Position of the newest record seen; [] while the list was empty. */
	mark: Position;
	/** Records seen pending, with their positions, followed until they end. */
	pending: Array<{ id: string; at: Position }>;
	/** Ids emitted, oldest first. */
	emitted: string[];
}

/** Positions compared element by element; a missing element counts as older ([] is older than all). */
export function compare(a: Position, b: Position): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		if (i >= a.length) return -1;
		if (i >= b.length) return 1;
		if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
	}
	return 0;
}

const isPosition = (value: unknown): value is Position =>
	Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isFinite(n));

/**
 * The state kept in the trigger's static data, copied out of it (n8n hands out observed objects), or
 * undefined when there is none, it is unreadable or it was kept for another scope: then the poll is
 * a baseline.
 */
export function readState(raw: unknown, scope: string): PollState | undefined {
	const state = raw as Partial<PollState> | undefined;
	if (!state || typeof state !== 'object' || state.version !== 1 || state.scope !== scope) return undefined;
	if (typeof state.seq !== 'number' || !isPosition(state.mark) || !Array.isArray(state.pending) || !Array.isArray(state.emitted)) {
		return undefined;
	}
	const pending = state.pending.filter((p) => p && typeof p.id === 'string' && isPosition(p.at)).map((p) => ({ id: p.id, at: [...p.at] }));
	return { version: 1, scope, seq: state.seq, mark: [...state.mark], pending, emitted: state.emitted.map(String) };
}

const oldestOf = (entries: Entry[]) => entries.reduce((oldest, e) => (compare(e.position, oldest) < 0 ? e.position : oldest), entries[0].position);
const newestOf = (entries: Entry[]) => entries.reduce((newest, e) => (compare(e.position, newest) > 0 ? e.position : newest), entries[0].position);

/**
 * Whether a poll must read the page after the records read so far (all pages, newest first): until it
 * has reached the mark and every followed record. A baseline reads on (up to the page cap, which the
 * caller keeps), so that the records pending at activation are followed too.
 */
export function needsMore(state: PollState | undefined, read: Entry[]): boolean {
	if (read.length === 0) return false;
	if (!state) return true;
	const floor = state.pending.reduce((lowest, p) => (compare(p.at, lowest) < 0 ? p.at : lowest), state.mark);
	return compare(oldestOf(read), floor) > 0;
}

/**
 * Whether a page of the list comes oldest first: its first record older than its last. Positions are
 * compared on their first `depth` elements, the ones the list is known to be sorted by (a page whose
 * ends are equal on them says nothing). A page that comes newest first but for a few records out of
 * place is not flagged: those are the limit the triggers document (a record that appears below the
 * newest one a poll has seen is taken for history), and a check on every pair would stop the trigger
 * for as long as they stay in the pages it reads.
 */
export function oldestFirst(page: Entry[], depth = Infinity): boolean {
	return page.length > 1 && compare(page[0].position.slice(0, depth), page[page.length - 1].position.slice(0, depth)) < 0;
}

/** The records read, each once (a list that moved between two pages repeats records). */
function unique(read: Entry[]): Entry[] {
	const seen = new Set<string>();
	return read.filter((entry) => {
		if (seen.has(entry.id)) return false;
		seen.add(entry.id);
		return true;
	});
}

export interface Step {
	/** The records to emit, oldest first. */
	emit: Entry[];
	/** The state to keep, to be written only if the poll succeeds. */
	next: PollState;
}

/**
 * One poll: what to emit from the records read and the state that follows. Without a previous state
 * it is the baseline: it emits nothing and follows what is pending. A followed record that this poll
 * did not read is no longer followed: it was deleted, or it is older than the newest 500 records
 * (the poll read to the page cap).
 */
export function advance(prev: PollState | undefined, read: Entry[], options: { scope: string; events: string[] }): Step {
	const entries = unique(read);
	const newest = entries.length ? newestOf(entries) : undefined;
	if (!prev) {
		const pending = entries.filter((e) => e.outcome === PENDING).map((e) => ({ id: e.id, at: e.position }));
		return { emit: [], next: { version: 1, scope: options.scope, seq: 1, mark: newest ?? [], pending, emitted: [] } };
	}
	const followed = new Set(prev.pending.map((p) => p.id));
	const emitted = new Set(prev.emitted);
	const emit: Entry[] = [];
	const pending: PollState['pending'] = [];
	for (const entry of entries) {
		if (compare(entry.position, prev.mark) <= 0 && !followed.has(entry.id)) continue;
		if (entry.outcome === PENDING) pending.push({ id: entry.id, at: entry.position });
		else if (options.events.includes(entry.outcome) && !emitted.has(entry.id)) emit.push(entry);
	}
	emit.sort((a, b) => compare(a.position, b.position));
	const mark = newest && compare(newest, prev.mark) > 0 ? newest : prev.mark;
	const next: PollState = {
		version: 1,
		scope: options.scope,
		seq: prev.seq + 1,
		mark,
		pending,
		emitted: [...prev.emitted, ...emit.map((e) => e.id)].slice(-MAX_EMITTED),
	};
	return { emit, next };
}

/**
 * The state after n8n could not start the execution of records a poll emitted: they are no longer
 * taken for emitted and are followed again (below the mark, at their positions), so the next poll
 * reads down to them and emits them. `seq` moves on, so that a poll running meanwhile discards what
 * it decided from the older state.
 */
export function release(state: PollState, entries: Entry[]): PollState {
	const ids = new Set(entries.map((e) => e.id));
	const followed = new Set(state.pending.map((p) => p.id));
	return {
		...state,
		seq: state.seq + 1,
		pending: [...state.pending, ...entries.filter((e) => !followed.has(e.id)).map((e) => ({ id: e.id, at: [...e.position] }))],
		emitted: state.emitted.filter((id) => !ids.has(id)),
	};
}

/** For a manual test run: the newest record that ended with a selected outcome. */
export function latest(read: Entry[], events: string[]): Entry | undefined {
	const ended = read.filter((entry) => entry.outcome !== PENDING && events.includes(entry.outcome));
	return ended.length ? ended.reduce((best, e) => (compare(e.position, best.position) > 0 ? e : best)) : undefined;
}
