import { RENEW_MARGIN_MS } from '../../../credentials/common/constants';
import { forgetAllSessions, readStoredToken, renewOnce, tokenFields, tokenState, type TokenGrant } from '../../../credentials/common/token-session';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

const grant = (token: string, lifeMs = 3_600_000): TokenGrant => ({ token, expiresAt: Date.now() + lifeMs });

beforeEach(() => forgetAllSessions());

describe('tokenState', () => {
	const now = 1_000_000_000_000;
	const stored = (overrides = {}) => readStoredToken({ accessToken: 't', tokenExpiresAt: now + 3_600_000, tokenFingerprint: 'fp', ...overrides });

	test('valid, missing, foreign and expired (with the renewal margin)', () => {
		expect(tokenState(stored(), 'fp', now)).toBe('valid');
		expect(tokenState(stored({ accessToken: '' }), 'fp', now)).toBe('missing');
		expect(tokenState(stored(), 'other settings', now)).toBe('foreign');
		expect(tokenState(stored({ tokenFingerprint: '' }), 'fp', now)).toBe('foreign');
		expect(tokenState(stored({ tokenExpiresAt: now + RENEW_MARGIN_MS + 1 }), 'fp', now)).toBe('valid');
		expect(tokenState(stored({ tokenExpiresAt: now + RENEW_MARGIN_MS }), 'fp', now)).toBe('expired');
		expect(tokenState(stored({ tokenExpiresAt: String(now - 1) }), 'fp', now)).toBe('expired');
	});

	test('what is persisted round-trips', () => {
		const fields = tokenFields({ token: 'abc', expiresAt: now, refreshUntil: now + 5 }, 'fp');
		expect(readStoredToken(fields)).toEqual({ token: 'abc', expiresAt: now, refreshUntil: now + 5, fingerprint: 'fp' });
		expect(tokenFields({ token: 'abc', expiresAt: now }, 'fp')).not.toHaveProperty('refreshExpiresAt');
	});
});

describe('renewOnce', () => {
	test('concurrent callers share one renewal', async () => {
		const pending = deferred<TokenGrant>();
		const renew = jest.fn(() => pending.promise);
		const callers = Array.from({ length: 20 }, () => renewOnce('k', '', renew));
		pending.resolve(grant('T1'));
		const results = await Promise.all(callers);
		expect(renew).toHaveBeenCalledTimes(1);
		expect(new Set(results.map((r) => r.token))).toEqual(new Set(['T1']));
	});

	test('a token renewed moments ago is handed out without renewing again', async () => {
		await renewOnce('k', '', async () => grant('T1'));
		const renew = jest.fn(async () => grant('T2'));
		expect((await renewOnce('k', '', renew)).token).toBe('T1');
		expect(renew).not.toHaveBeenCalled();
	});

	test('a caller whose token was refused never gets that token back', async () => {
		await renewOnce('k', '', async () => grant('T1'));
		const renew = jest.fn(async () => grant('T2'));
		expect((await renewOnce('k', 'T1', renew)).token).toBe('T2');
		expect(renew).toHaveBeenCalledTimes(1);
	});

	test('joining a renewal that hands back the refused token starts a new one', async () => {
		const first = deferred<TokenGrant>();
		const a = renewOnce('k', '', () => first.promise);
		const renewB = jest.fn(async () => grant('T2'));
		const b = renewOnce('k', 'T1', renewB);
		first.resolve(grant('T1'));
		expect((await a).token).toBe('T1');
		expect((await b).token).toBe('T2');
		expect(renewB).toHaveBeenCalledTimes(1);
	});

	test('a remembered token close to expiry is not handed out', async () => {
		await renewOnce('k', '', async () => grant('T1', RENEW_MARGIN_MS - 1));
		expect((await renewOnce('k', '', async () => grant('T2'))).token).toBe('T2');
	});

	test('a failed renewal fails every waiting caller once, and the next call tries again', async () => {
		const pending = deferred<TokenGrant>();
		const renew = jest.fn(() => pending.promise);
		const callers = Array.from({ length: 5 }, () => renewOnce('k', '', renew));
		pending.reject(new Error('wrong secret'));
		const results = await Promise.allSettled(callers);
		expect(results.every((r) => r.status === 'rejected')).toBe(true);
		expect(renew).toHaveBeenCalledTimes(1);
		expect((await renewOnce('k', '', async () => grant('T3'))).token).toBe('T3');
	});

	test('different settings (keys) do not share tokens', async () => {
		await renewOnce('k1', '', async () => grant('T1'));
		expect((await renewOnce('k2', '', async () => grant('T2'))).token).toBe('T2');
	});
});
