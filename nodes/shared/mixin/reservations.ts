import { sleep } from 'n8n-workflow';

/**
 * Unspent outputs that a transfer in this n8n process is using, so that concurrent items and
 * executions never pick the same one (two transactions with one input: only one could be submitted).
 * An output is reserved from input selection until its transaction is submitted or abandoned; after
 * a submission it stays out of reach for a while, as Mixin may still list it as unspent.
 * Other processes (queue-mode workers) are not seen here: their conflicts show at submission and the
 * transfer is rebuilt with the same request ID.
 */

/** How long a spent output is kept out of selection after its transaction was submitted. */
export const SPENT_HOLD_MS = 120_000;

interface Reservation {
	owner: string;
	/** Until when a submitted output stays reserved (ms); undefined while its transfer is running. */
	until?: number;
}

const reserved = new Map<string, Reservation>();
let waiters: Array<() => void> = [];

function expired(reservation: Reservation, now: number): boolean {
	return reservation.until !== undefined && reservation.until <= now;
}

/** Whether another transfer holds this output. */
export function isReserved(outputId: string, owner: string, now = Date.now()): boolean {
	const reservation = reserved.get(outputId);
	if (!reservation) return false;
	if (expired(reservation, now)) {
		reserved.delete(outputId);
		return false;
	}
	return reservation.owner !== owner;
}

/** Takes the outputs for `owner` (a request ID). */
export function reserve(outputIds: string[], owner: string): void {
	for (const id of outputIds) reserved.set(id, { owner });
}

function wake(): void {
	const woken = waiters;
	waiters = [];
	for (const resolve of woken) resolve();
}

/** The transfer was abandoned: its outputs are free again. */
export function release(outputIds: string[], owner: string): void {
	for (const id of outputIds) if (reserved.get(id)?.owner === owner) reserved.delete(id);
	wake();
}

/** The transfer was submitted: its outputs are spent, and kept out of selection a while. */
export function markSpent(outputIds: string[], owner: string, now = Date.now()): void {
	for (const id of outputIds) reserved.set(id, { owner, until: now + SPENT_HOLD_MS });
	wake();
}

/** Resolves at the next release or submission in this process, or after `timeoutMs`. */
export async function nextRelease(timeoutMs: number): Promise<void> {
	let done: () => void = () => undefined;
	const released = new Promise<void>((resolve) => {
		done = resolve;
		waiters.push(resolve);
	});
	await Promise.race([released, sleep(timeoutMs)]);
	waiters = waiters.filter((waiter) => waiter !== done);
}

/** Whether any output is held by a running transfer (tests, and the wait for change). */
export function heldCount(now = Date.now()): number {
	let count = 0;
	for (const reservation of reserved.values()) if (!expired(reservation, now)) count++;
	return count;
}

/** Forgets every reservation (tests: a fresh process). */
export function forgetReservations(): void {
	reserved.clear();
	wake();
}
