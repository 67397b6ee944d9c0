/**
 * ExinOne's login (credentials/exinone/exinone-service.ts) with a machine clock that is minutes off:
 * the Mixin token is signed in the server's time, learnt from the `Date` header of ExinOne's answers
 * (a refusal included), so that its `iat` falls inside the server's window. Against the ExinOne
 * simulator, which refuses a token whose iat is more than 5 minutes ahead or whose exp has passed.
 */
import { EXINONE_BOT_ID } from '../../../credentials/exinone/constants';
import { forgetAllSessions } from '../../../credentials/common/token-session';
import { CredentialStore } from '../../support/n8n-context';
import { ed25519Fixture } from '../../support/keystores';
import { ownRequest } from '../../support/lifecycle';
import { freshProcess, UNPACED } from '../../support/process-state';
import { startExinOneSimulator } from '../../support/simulators';

type Sim = Awaited<ReturnType<typeof startExinOneSimulator>>;

const MINUTE = 60_000;
let sim: Sim;
let store: CredentialStore;

beforeAll(async () => {
	sim = await startExinOneSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	freshProcess();
	sim.reset();
	const bot = ed25519Fixture();
	sim.registerSession({ userId: bot.appId, sessionId: bot.sessionId, publicKey: bot.publicKey, algorithm: 'EdDSA' });
	store = new CredentialStore();
	store.put({
		id: 'cred-1',
		name: 'ExinOne bot',
		type: 'mixinKeystoreApi',
		data: { keystore: bot.hexKeystore, baseUrl: sim.baseUrl, audience: EXINONE_BOT_ID, accessToken: '', ...UNPACED },
	});
});

const logins = () => sim.requests.filter((r) => r.path === '/api/v2/mixin/me');
const getMe = () => ownRequest(store, 'mixinKeystoreApi', (c) => ({ method: 'GET', url: `${c.baseUrl}/users/me`, json: true }));

describe.each([
	['10 minutes behind', 10 * MINUTE],
	['10 minutes ahead', -10 * MINUTE],
])('a machine clock %s the server', (_case, serverAhead) => {
	beforeEach(() => sim.clock.set(Date.now() + serverAhead));

	test('logs in: the refused token is signed again in the server time, once', async () => {
		await expect(getMe()).resolves.toMatchObject({ statusCode: 200 });
		const [refused, accepted] = logins();
		expect(logins()).toHaveLength(2);
		expect(refused.status).toBe(401);
		expect(accepted.status).toBe(200);
		const iat = (login: { body: unknown }) =>
			JSON.parse(Buffer.from(String((login.body as { token: string }).token).split('.')[1], 'base64url').toString()).iat * 1000;
		expect(Math.abs(iat(accepted) - sim.clock.now())).toBeLessThan(5_000);
	});

	test('the next login is signed in the server time at once', async () => {
		await getMe();
		forgetAllSessions();
		store.edit('cred-1', { accessToken: '' });
		await getMe();
		expect(logins().map((r) => r.status)).toEqual([401, 200, 200]);
	});
});

test('a clock that is right: one login, no second try', async () => {
	sim.clock.set(Date.now());
	await getMe();
	expect(logins()).toHaveLength(1);
});
