import { ANSWER_AS_IS, type HttpRequester } from './auth-http';
import type { FullResponse } from './http-response';
import type { ServiceSettings, TokenService } from './token-service';

/**
 * Whether a token the service issued is still accepted, asked with one cheap authenticated read.
 *
 * n8n's HTTP Request node (its deprecated `requestWithAuthentication`) asks a credential for a new
 * token after *any* failed request — a 404, a 500, a timeout — not only after a refusal, and the
 * credential cannot see why it was asked. Renewing then would cost a login per failed item. A token
 * that is fresh by its stored expiry is checked first: one check for concurrent askers, and an
 * accepted token is remembered for a short while.
 */

export type TokenVerdict = 'accepted' | 'refused' | 'unknown';

/** How long an accepted token is taken as accepted without asking again. */
export const ACCEPTED_FOR_MS = 30_000;

const accepted = new Map<string, number>();
const inflight = new Map<string, Promise<TokenVerdict>>();
const LIMIT = 256;

async function ask<S extends ServiceSettings>(
	service: TokenService<S>,
	http: HttpRequester,
	settings: S,
	token: string,
): Promise<TokenVerdict> {
	let response: FullResponse;
	try {
		response = (await http({
			method: 'GET',
			...service.probe(settings),
			headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
			...ANSWER_AS_IS,
		})) as FullResponse;
	} catch {
		return 'unknown';
	}
	if (service.isRefused(response)) return 'refused';
	return response.statusCode >= 200 && response.statusCode < 300 ? 'accepted' : 'unknown';
}

export async function checkToken<S extends ServiceSettings>(
	service: TokenService<S>,
	http: HttpRequester,
	settings: S,
	token: string,
): Promise<TokenVerdict> {
	const key = `${service.credentialName}\u0000${token}`;
	if ((accepted.get(key) ?? 0) > Date.now()) return 'accepted';
	let pending = inflight.get(key);
	if (!pending) {
		pending = ask(service, http, settings, token).then((verdict) => {
			accepted.delete(key);
			if (verdict === 'accepted') {
				if (accepted.size >= LIMIT) accepted.delete(accepted.keys().next().value as string);
				accepted.set(key, Date.now() + ACCEPTED_FOR_MS);
			}
			return verdict;
		});
		inflight.set(key, pending);
		const clear = () => inflight.delete(key);
		pending.then(clear, clear);
	}
	return await pending;
}

/** Forgets every verdict (tests). */
export function forgetTokenChecks(): void {
	accepted.clear();
	inflight.clear();
}
