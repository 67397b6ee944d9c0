/**
 * The ExinOne node against the ExinOne simulator: one bot (an Ed25519 session the simulator knows) per
 * file, errors with real HTTP statuses unless a test asks for ExinOne's "HTTP 200, success: false".
 */
import type { IDataObject } from 'n8n-workflow';

import { EXINONE_BOT_ID } from '../../credentials/exinone/constants';
import { ExinOne } from '../../nodes/ExinOne/ExinOne.node';
import { ed25519Fixture, type Ed25519Fixture } from './keystores';
import { useNode, type NodeEnv } from './run-node';
import { startExinOneSimulator } from './simulators';
import { UNPACED } from './process-state';

export type ExinOneSim = Awaited<ReturnType<typeof startExinOneSimulator>>;

export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const LOGIN_PATH = '/api/v2/mixin/me';

export interface ExinOneNodeEnv extends NodeEnv<ExinOneSim> {
	bot: Ed25519Fixture;
}

export function useExinOneNode(): ExinOneNodeEnv {
	const bot = ed25519Fixture();
	const env = useNode<ExinOneSim>({
		node: ExinOne,
		credentialType: 'mixinKeystoreApi',
		tokenPaths: [LOGIN_PATH],
		start: async () => {
			const sim = await startExinOneSimulator();
			sim.registerSession({ userId: bot.appId, sessionId: bot.sessionId, publicKey: bot.publicKey, algorithm: 'EdDSA' });
			return sim;
		},
		credential: (sim) => {
			sim.setErrorStatus('http');
			return {
				name: 'ExinOne bot',
				data: { keystore: bot.base64Keystore, baseUrl: sim.baseUrl, audience: EXINONE_BOT_ID, accessToken: '', ...UNPACED },
			};
		},
	}) as ExinOneNodeEnv;
	env.bot = bot;
	return env;
}

/**
 * The check every authenticated read of ExinOne passes, one test per row: the parameters become a GET
 * of the path with exactly the query given (empty optional fields left out), sent with the bearer token
 * of one login, and the answer gives items.
 */
export function testAuthenticatedGets(env: ExinOneNodeEnv, rows: Array<[IDataObject, string, IDataObject]>): void {
	test.each(rows)('%j → GET %s with its query, the bearer token, items out', async (parameters, path, query) => {
		const items = await env.run(parameters);
		expect(items.length).toBeGreaterThan(0);
		expect(env.last()).toMatchObject({ method: 'GET', path, status: 200 });
		expect(env.last().query).toEqual(query);
		expect(env.last().headers.authorization).toMatch(/^Bearer ey/);
		expect(env.sim.count('POST', LOGIN_PATH)).toBe(1);
	});
}
