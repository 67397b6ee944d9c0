import { sleep, type ICredentialDataDecryptedObject, type INodeProperties } from 'n8n-workflow';

/**
 * A client-side rate limit per credential, shared by every execution in this n8n process: requests
 * are spaced so that no more than the credential's rate start in any second. A service's own limit
 * (NFTRainbow's free tier: 5 requests/s) is then met before it answers 429, instead of after.
 * Monotonic time, so a changed wall clock neither stalls nor floods.
 */

export const RATE_LIMIT_FIELD = 'rateLimit';

/** The credential field: requests per second, 0 for no limit. */
export function rateLimitProperty(defaultRate: number, why: string): INodeProperties {
	return {
		displayName: 'Rate Limit (Requests per Second)',
		name: RATE_LIMIT_FIELD,
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: defaultRate,
		description: `Most requests per second this n8n process sends with this credential, all workflows together; 0 for no limit. ${why}`,
	};
}

/** The credential's rate, or `fallback` when the field is missing or not a number. */
export function rateOf(data: ICredentialDataDecryptedObject, fallback: number): number {
	const value = data[RATE_LIMIT_FIELD];
	const rate = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof rate === 'number' && Number.isFinite(rate) && rate >= 0 ? rate : fallback;
}

/** When each key may send next (performance.now() ms). */
const nextSlot = new Map<string, number>();
const LIMIT = 256;

/** Waits for this key's next turn at `perSecond` requests per second (no wait when the rate is 0). */
export async function takeTurn(key: string, perSecond: number): Promise<void> {
	if (!(perSecond > 0)) return;
	const now = performance.now();
	const slot = Math.max(now, nextSlot.get(key) ?? 0);
	if (!nextSlot.has(key) && nextSlot.size >= LIMIT) nextSlot.delete(nextSlot.keys().next().value as string);
	nextSlot.set(key, slot + 1000 / perSecond);
	if (slot > now) await sleep(slot - now);
}

/** Forgets every key's schedule (tests). */
export function forgetRateLimits(): void {
	nextSlot.clear();
}
