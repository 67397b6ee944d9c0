/**
 * Runs the Rainbow node's real `execute` in n8n-core's ExecuteContext against the Rainbow simulator.
 * Each test gets an app of its own, so the simulator's seeded state (3 contracts, 25 mints, …) is fresh.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { forgetAllSessions } from '../../credentials/common/token-session';
import { Rainbow } from '../../nodes/Rainbow/Rainbow.node';
import { CredentialStore, createExecuteContext } from './n8n-context';
import { startRainbowSimulator } from './simulators';

export type Sim = Awaited<ReturnType<typeof startRainbowSimulator>>;
export type LogEntry = Sim['requests'][number];

export const SECRET = 'rb-node-secret-5f0c1d2e3a4b';

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
}

export interface RainbowNodeEnv {
	sim: Sim;
	store: CredentialStore;
	appId: string;
	/** The app's simulator state (contracts, mints, nfts, …). */
	state: () => any;
	run(parameters: IDataObject, options?: RunOptions): Promise<INodeExecutionData[]>;
	/** The business requests the simulator got: login and refresh left out. */
	calls(): LogEntry[];
	/** The one business request of the run (fails the test if there were more or none). */
	only(): LogEntry;
}

/** Registers the hooks: one simulator per file, a new app and credential per test. */
export function useRainbowNode(): RainbowNodeEnv {
	let apps = 0;
	const env = {} as RainbowNodeEnv;
	beforeAll(async () => {
		env.sim = await startRainbowSimulator();
	});
	afterAll(async () => {
		await env.sim.close();
	});
	beforeEach(() => {
		forgetAllSessions();
		env.sim.reset();
		env.sim.clock.set(Date.now());
		env.sim.setLoginFormat('object');
		env.sim.setMintLimit(null);
		env.appId = `node-app-${++apps}`;
		env.sim.addApp(env.appId, SECRET);
		env.store = new CredentialStore();
		env.store.put({
			id: 'cred-1',
			name: 'Rainbow app',
			type: 'rainbowApi',
			data: { appId: env.appId, appSecret: SECRET, baseUrl: env.sim.baseUrl, accessToken: '' },
		});
	});
	env.state = () => env.sim.appState(env.appId);
	env.run = async (parameters, options = {}) => {
		const context = createExecuteContext({
			store: env.store,
			nodeType: new Rainbow(),
			parameters: parameters as never,
			credentials: { rainbowApi: 'cred-1' },
			items: options.items,
			continueOnFail: options.continueOnFail,
		});
		const [output] = await new Rainbow().execute.call(context);
		return output;
	};
	env.calls = () => env.sim.requests.filter((r) => r.path !== '/v1/login' && r.path !== '/v1/refresh_token');
	env.only = () => {
		const calls = env.calls();
		expect(calls.map((r) => `${r.method} ${r.path}`)).toHaveLength(1);
		return calls[0];
	};
	return env;
}

/** An input item carrying one or more files as binary properties (inline base64, as n8n keeps small files). */
export function binaryItem(files: Record<string, { bytes: Buffer; fileName: string; mimeType: string }>): INodeExecutionData {
	const binary: INodeExecutionData['binary'] = {};
	for (const [property, file] of Object.entries(files)) {
		binary[property] = { data: file.bytes.toString('base64'), fileName: file.fileName, mimeType: file.mimeType };
	}
	return { json: {}, binary };
}

/** Every output item is paired with the given input item. */
export function expectPaired(output: INodeExecutionData[], itemIndex = 0): void {
	for (const item of output) expect(item.pairedItem).toEqual({ item: itemIndex });
}

export const jsonOf = (output: INodeExecutionData[]) => output.map((item) => item.json);

/** Readers of the seeded state of the test's app. */
export function seeds(env: RainbowNodeEnv) {
	return {
		/** The seeded contracts: an ERC-721 and an ERC-1155 on the testnet, an ERC-721 on mainnet. */
		contracts: () => env.state().contracts as Array<{ id: number; address: string; type: number }>,
		holders: () => env.state().holders as string[],
		/** A minted token of a contract and its current owner. */
		nftOf(address: string): { tokenId: string; owner: string } {
			for (const [key, nft] of env.state().nfts as Map<string, { owner: string }>) {
				const [contract, tokenId] = key.split('/');
				if (contract === address) return { tokenId, owner: nft.owner };
			}
			throw new Error(`no NFT on ${address}`);
		},
	};
}

/** The query of a first page at the default limit. */
export const PAGE_1 = { page: '1', limit: '50' };
