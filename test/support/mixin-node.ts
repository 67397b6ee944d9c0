/**
 * The Mixin node against the Mixin Safe simulator: one bot per file (an Ed25519 session and a spend
 * key the simulator knows), its outputs and payments cleared before each test, transfers allowed.
 */
import { SpendKey } from '../../credentials/mixin/spend-key';
import { Mixin } from '../../nodes/Mixin/Mixin.node';
import { ed25519Fixture, SPEND_KEY, type Ed25519Fixture } from './keystores';
import { useNode, type NodeEnv } from './run-node';
import { startMixinSimulator } from './simulators';

export type MixinSim = Awaited<ReturnType<typeof startMixinSimulator>>;

export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const EXINONE_BOT = '61103d28-3ac2-44a2-ae34-bd956070dab1';
export const ALICE = '0b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';

export interface MixinNodeEnv extends NodeEnv<MixinSim> {
	bot: Ed25519Fixture;
	/** Every secret of the credential: session key forms, PIN, PIN token, spend key. */
	secrets: string[];
	/** Payments recorded for a request ID. */
	paid(requestId: string): number;
}

export function useMixinNode(credential: Record<string, unknown> = {}): MixinNodeEnv {
	const bot = ed25519Fixture();
	const env = useNode<MixinSim>({
		node: Mixin,
		credentialType: 'mixinApi',
		tokenPaths: [],
		start: async () => {
			const sim = await startMixinSimulator();
			sim.addUser({ userId: bot.appId, sessionId: bot.sessionId, sessionPublicKey: bot.publicKey.toString('hex'), spendPublicKey: SpendKey.parse(SPEND_KEY, 'x').publicKey });
			sim.addUser({ userId: ALICE, fullName: 'Alice' });
			return sim;
		},
		credential: (sim) => {
			sim.resetState();
			return {
				name: 'Mixin bot',
				data: { keystore: bot.hexKeystore, baseUrl: sim.url, allowTransfers: true, rateLimit: 0, ...credential },
			};
		},
	}) as MixinNodeEnv;
	env.bot = bot;
	env.secrets = bot.secrets;
	env.paid = (requestId) => env.sim.payments.filter((payment: { requestId: string }) => payment.requestId === requestId).length;
	return env;
}
