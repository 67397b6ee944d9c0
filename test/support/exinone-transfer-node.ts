/**
 * The ExinOne node's transfer operations against both simulators: the ExinOne simulator attached to
 * the Mixin Safe simulator (it reads the payments made to the ExinOne bot as ExinOne does), one bot
 * known to both, and the node's two credentials — the keystore one for ExinOne's API, the Mixin API one
 * (transfers allowed) for the payments.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EXINONE_BOT_ID } from '../../credentials/exinone/constants';
import { SpendKey } from '../../credentials/mixin/spend-key';
import { ExinOne } from '../../nodes/ExinOne/ExinOne.node';
import { ed25519Fixture, SPEND_KEY } from './keystores';
import { CredentialStore } from './n8n-context';
import { freshProcess, UNPACED } from './process-state';
import { runNode, type RunOptions } from './run-node';
import { startExinOneSimulator, startMixinSimulator } from './simulators';

export const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
export const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';
export const EPC = '44adc71b-0c37-3b42-aa19-fe2d59dae5fd';

export function useExinOneTransfers() {
	const bot = ed25519Fixture();
	const env = {
		bot,
		exinone: undefined as unknown as Awaited<ReturnType<typeof startExinOneSimulator>>,
		mixin: undefined as unknown as Awaited<ReturnType<typeof startMixinSimulator>>,
		store: new CredentialStore(),
		/** Payments the Mixin simulator recorded to the ExinOne bot. */
		toExinOne: () => env.mixin.paymentsTo(EXINONE_BOT_ID) as Array<{ requestId: string; memo: string; assetId: string; outputs: Array<{ receiverId: string; amount: string }> }>,
		/** The Mixin API credential's data, changed for one test. */
		mixinCredential(data: ICredentialDataDecryptedObject = {}) {
			env.store.put({ id: 'mixin-1', type: 'mixinApi', name: 'Mixin bot', data: { keystore: bot.hexKeystore, baseUrl: env.mixin.url, allowTransfers: true, rateLimit: 0, ...data } });
		},
		async run(parameters: IDataObject, options: RunOptions & { mixin?: boolean } = {}): Promise<INodeExecutionData[]> {
			return await runNode(new ExinOne(), {
				store: env.store,
				parameters,
				credentials: { mixinKeystoreApi: 'exinone-1', ...(options.mixin === false ? {} : { mixinApi: 'mixin-1' }) },
				items: options.items,
				continueOnFail: options.continueOnFail,
			});
		},
	};
	beforeAll(async () => {
		env.exinone = await startExinOneSimulator();
		env.mixin = await startMixinSimulator();
		env.exinone.registerSession({ userId: bot.appId, sessionId: bot.sessionId, publicKey: bot.publicKey, algorithm: 'EdDSA' });
		env.mixin.addUser({ userId: bot.appId, sessionId: bot.sessionId, sessionPublicKey: bot.publicKey.toString('hex'), spendPublicKey: SpendKey.parse(SPEND_KEY, 'x').publicKey });
		env.exinone.attachMixin(env.mixin);
	});
	afterAll(async () => {
		await Promise.all([env.exinone.close(), env.mixin.close()]);
	});
	beforeEach(() => {
		freshProcess();
		env.exinone.reset();
		env.mixin.reset();
		env.mixin.resetState();
		env.exinone.clock.set(Date.now());
		env.mixin.clock.set(Date.now());
		env.store = new CredentialStore();
		env.store.put({ id: 'exinone-1', type: 'mixinKeystoreApi', name: 'ExinOne bot', data: { keystore: bot.base64Keystore, baseUrl: env.exinone.baseUrl, audience: EXINONE_BOT_ID, accessToken: '', ...UNPACED } });
		env.mixinCredential();
		env.mixin.deposit({ userId: bot.appId, assetId: USDT, amount: '100', count: 2 });
		env.mixin.deposit({ userId: bot.appId, assetId: EPC, amount: '1', count: 2 });
	});
	return env;
}
