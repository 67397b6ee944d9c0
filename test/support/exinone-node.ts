/**
 * The ExinOne node against the ExinOne simulator: one bot (an Ed25519 session the simulator knows) per
 * file, errors with real HTTP statuses unless a test asks for ExinOne's "HTTP 200, success: false".
 */
import { EXINONE_BOT_ID } from '../../credentials/exinone/constants';
import { ExinOne } from '../../nodes/ExinOne/ExinOne.node';
import { ed25519Fixture, type Ed25519Fixture } from './keystores';
import { useNode, type NodeEnv } from './run-node';
import { startExinOneSimulator } from './simulators';

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
				data: { keystore: bot.base64Keystore, baseUrl: sim.baseUrl, audience: EXINONE_BOT_ID, accessToken: '' },
			};
		},
	}) as ExinOneNodeEnv;
	env.bot = bot;
	return env;
}
