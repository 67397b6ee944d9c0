import {
	ExecutionCancelledError,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeProperties,
	type IPollFunctions,
	type IRun,
} from 'n8n-workflow';

import { asNodeError } from './errors';
import type { Page } from './paging';
import { advance, latest, MAX_PAGES_PER_POLL, needsMore, oldestFirst, PAGE_SIZE, readState, release, type Entry } from './poll-state';
import { timeoutOf } from './request-options';

/**
 * What the package's polling triggers share: reading a list newest first within the page cap (and
 * failing, with nothing changed, on a page that comes oldest first), the state in the workflow's
 * static data (poll-state.ts decides), records emitted again when n8n could not start their execution,
 * and a manual test run that shows the latest matching record. A trigger says only how to read one
 * page and how to read a record.
 */

/** Where the state lives in the node's static data. */
export const STATE_KEY = 'pollState';

export interface PollSource {
	/** The service and what its list holds, for messages: "Rainbow", "mint tasks". */
	service: string;
	records: string;
	/** What is read (resource, filters): changing it starts over with a new baseline. */
	scope: string;
	/** The outcomes selected: only records that ended with one of them are emitted. */
	events: string[];
	/**
	 * One page of the list (1-based, PAGE_SIZE records), newest first. A server that ignores the page
	 * asked for (it answers the whole list, or always the same page) is fine: the read ends at the first
	 * page that brings nothing new.
	 */
	page(number: number, size: number): Promise<Page>;
	/**
	 * How many leading elements of a position the list is sorted by, newest first (all by default): a
	 * page whose first record is older on them than its last fails the poll.
	 */
	sortedBy?: number;
	entry(record: IDataObject): Entry;
}

/** The note every trigger shows: what a poll reads, and what happens beyond it. */
export function pollNotice(noun: string): INodeProperties {
	return {
		displayName: `The first poll after activation only records where the list stands: ${noun} that had already ended are never emitted. Each later poll emits the ${noun} that ended since, once each, also across restarts. A poll reads the newest ${MAX_PAGES_PER_POLL * PAGE_SIZE} ${noun} at most (${MAX_PAGES_PER_POLL} pages of ${PAGE_SIZE}): if more were created between two polls, the older ones are not emitted, and a pending one older than that is no longer followed.`,
		name: 'pollNotice',
		type: 'notice',
		default: '',
	};
}

/** The request timeout of a trigger's requests: Request Options → Timeout, else the default. */
export function pollTimeout(fn: IPollFunctions): number {
	return timeoutOf(fn.getNodeParameter('requestOptions', {}) as { timeout?: number });
}

/** The error of a page that comes oldest first: the poll stops before deciding anything. */
function orderError(fn: IPollFunctions, source: PollSource, number: number, page: Entry[]): NodeOperationError {
	return new NodeOperationError(fn.getNode(), `${source.service} listed ${source.records} oldest first; the trigger needs newest first`, {
		description: `Page ${number} of the list begins with id ${page[0].id} and ends with the newer id ${page[page.length - 1].id}. The trigger reads the list newest first and stops where the previous poll stopped: read the other way it would miss records or emit them twice, so it stops instead.`,
	});
}

/**
 * Reads pages newest first until `enough` says so, the list ends, a page brings nothing new or the
 * page cap is reached. A failed request, or a page that comes oldest first, fails the whole read: the
 * caller then changes nothing.
 */
async function readPages(fn: IPollFunctions, source: PollSource, enough: (read: Entry[]) => boolean): Promise<Entry[]> {
	const read: Entry[] = [];
	const ids = new Set<string>();
	for (let number = 1; number <= MAX_PAGES_PER_POLL; number++) {
		const { items, hasMore } = await source.page(number, PAGE_SIZE);
		const page = items.map((record) => source.entry(record));
		if (oldestFirst(page, source.sortedBy)) throw orderError(fn, source, number, page);
		// Records already read (the list moved between two requests, or the server answered the same
		// records again) are read once; a page with nothing new ends the read.
		const fresh = page.filter((entry) => {
			if (ids.has(entry.id)) return false;
			ids.add(entry.id);
			return true;
		});
		read.push(...fresh);
		if (!hasMore || fresh.length === 0 || enough(read)) break;
	}
	return read;
}

const asItems = (entries: Entry[]): INodeExecutionData[][] => [entries.map((entry) => ({ json: entry.record }))];

/** n8n's word that it started the execution and then stopped it (manually, on timeout, at shutdown). */
function cancelled(error: unknown): boolean {
	if (error instanceof ExecutionCancelledError) return true;
	const reason = (error as { reason?: unknown } | null)?.reason;
	return typeof reason === 'string' && ['manual', 'timeout', 'shutdown'].includes(reason);
}

type Emit = IPollFunctions['__emit'];

/** Each poll context's own __emit, while `hand` has put its own in front of it. */
const ownEmit = new WeakMap<IPollFunctions, Emit>();

/** The ids of records, for a message: the first 10, and how many more. */
const idList = (entries: Entry[]) =>
	entries.length <= 10 ? entries.map((e) => e.id).join(', ') : `${entries.slice(0, 10).map((e) => e.id).join(', ')} and ${entries.length - 10} more`;

/**
 * Hands a poll's records to n8n, which starts an execution with them after the poll, fire-and-forget:
 * when it cannot (its database unreachable, say during a PostgreSQL restart), it logs an error, and
 * the records would be gone, the state having moved past them.
 *
 * n8n 2.x (told by its poll context's __runPoll, which 1.x's has not) settles the "done" promise that
 * can come with an emission: it rejects it when the execution could not be started, and otherwise only
 * on a cancellation of an execution that started. So there the trigger asks for that word: it puts its
 * own __emit, used once, in front of n8n's, so that n8n's own hand-over of what the poll returns (after
 * n8n's checks, which may still drop a poll of a workflow published anew meanwhile) carries a done
 * promise. On a rejection that is not a cancellation, the records are released: the next poll emits
 * them again. An execution that started keeps its records, whether it succeeded, failed, crashed or
 * was cancelled. n8n 1.x leaves that promise unsettled when it cannot start the execution, so there
 * the poll returns its records as before.
 */
function hand(fn: IPollFunctions, source: PollSource, data: IDataObject, entries: Entry[]): INodeExecutionData[][] {
	const items = asItems(entries);
	if (typeof fn.__runPoll !== 'function') return items;
	const done = fn.helpers.createDeferredPromise<IRun | undefined>();
	done.promise.then(
		() => undefined,
		(error: unknown) => {
			if (cancelled(error)) return;
			const state = readState(data[STATE_KEY], source.scope);
			if (!state) return; // the trigger was set to read something else meanwhile: a new baseline
			data[STATE_KEY] = release(state, entries) as unknown as IDataObject;
			fn.logger.warn(`${fn.getNode().name}: n8n could not start the execution of ${source.records} ${idList(entries)}; the next poll emits them again`);
		},
	);
	const emit = ownEmit.get(fn) ?? fn.__emit;
	ownEmit.set(fn, emit);
	fn.__emit = (data, responsePromise, donePromise) => {
		fn.__emit = emit;
		ownEmit.delete(fn);
		emit.call(fn, data, responsePromise, data === items ? (donePromise ?? done) : donePromise);
	};
	return items;
}

/**
 * One poll. A manual test run ("Fetch test event") emits the newest record that ended with a selected
 * outcome and leaves the state alone (n8n never saves what it changes). Otherwise the state moves on
 * only when every page was read: a failed poll throws and the next one starts from the same state, so
 * it emits what this one would have.
 */
export async function poll(fn: IPollFunctions, source: PollSource): Promise<INodeExecutionData[][] | null> {
	if (source.events.length === 0) {
		throw new NodeOperationError(fn.getNode(), 'No event is selected', { description: 'Select at least one of Events: with none, nothing would ever start the workflow.' });
	}
	const fail = (error: unknown) => {
		const nodeError = asNodeError(fn.getNode(), error, 0);
		nodeError.description = [nodeError.description, 'This poll changed nothing: the next poll emits what it would have.']
			.filter(Boolean)
			.join(' ');
		return nodeError;
	};
	if (fn.getMode() === 'manual') {
		const read = await readPages(fn, source, (entries) => latest(entries, source.events) !== undefined).catch((error: unknown) => {
			throw asNodeError(fn.getNode(), error, 0);
		});
		const found = latest(read, source.events);
		return found ? asItems([found]) : null;
	}

	const data = fn.getWorkflowStaticData('node');
	const seqBefore = (data[STATE_KEY] as IDataObject | undefined)?.seq;
	const prev = readState(data[STATE_KEY], source.scope);
	const read = await readPages(fn, source, (entries) => !needsMore(prev, entries)).catch((error: unknown) => {
		throw fail(error);
	});
	const { emit, next } = advance(prev, read, { scope: source.scope, events: source.events });
	// n8n may start the next poll while a slow one still runs, over the same static data: the one that
	// finishes second finds the state moved on and emits nothing; the next poll looks at its records.
	if ((data[STATE_KEY] as IDataObject | undefined)?.seq !== seqBefore) return null;
	data[STATE_KEY] = next as unknown as IDataObject;
	return emit.length ? hand(fn, source, data, emit) : null;
}
