import { header, type FullResponse } from './http-response';

/**
 * What we know of each server's clock, learnt from the `Date` header of its answers (refusals
 * included). A Mixin token is signed in the server's time, so a machine whose clock is minutes off
 * can still log in; expiries the server states are moved to our clock with it.
 */

const offsets = new Map<string, number>();
const LIMIT = 64;

function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return url;
	}
}

/** Offset of the server's clock from ours (ms) by one answer's Date header; undefined without one. */
export function clockOffsetOf(response: Pick<FullResponse, 'headers'>, receivedAt = Date.now()): number | undefined {
	const serverDate = Date.parse(header(response, 'date') ?? '');
	return Number.isFinite(serverDate) ? serverDate - receivedAt : undefined;
}

/** Records the offset an answer from `url` shows; returns it (undefined without a Date header). */
export function learnServerClock(url: string, response: Pick<FullResponse, 'headers'>, receivedAt = Date.now()): number | undefined {
	const offset = clockOffsetOf(response, receivedAt);
	if (offset === undefined) return undefined;
	const origin = originOf(url);
	offsets.delete(origin);
	if (offsets.size >= LIMIT) offsets.delete(offsets.keys().next().value as string);
	offsets.set(origin, offset);
	return offset;
}

/** The last known offset of the clock of the server at `url` (0 when unknown). */
export function serverClockOffset(url: string): number {
	return offsets.get(originOf(url)) ?? 0;
}

/** Forgets what was learnt (tests; a process that wants a clean slate). */
export function forgetServerClocks(): void {
	offsets.clear();
}
