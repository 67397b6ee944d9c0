/**
 * The Rainbow node against the Rainbow simulator. Each test gets an app of its own, so the simulator's
 * seeded state (3 contracts, 25 mints, …) is fresh.
 */
import { Rainbow } from '../../nodes/Rainbow/Rainbow.node';
import { useNode, type NodeEnv } from './run-node';
import { startRainbowSimulator } from './simulators';
import { UNPACED } from './process-state';

export type RainbowSim = Awaited<ReturnType<typeof startRainbowSimulator>>;

export const SECRET = 'rb-node-secret-5f0c1d2e3a4b';

export interface RainbowNodeEnv extends NodeEnv<RainbowSim> {
	appId: string;
	/** The app's simulator state (contracts, mints, nfts, …). */
	state: () => any;
}

export function useRainbowNode(): RainbowNodeEnv {
	let apps = 0;
	const env = useNode<RainbowSim>({
		node: Rainbow,
		credentialType: 'rainbowApi',
		tokenPaths: ['/v1/login', '/v1/refresh_token'],
		start: async () => await startRainbowSimulator(),
		credential: (sim) => {
			sim.setLoginFormat('object');
			sim.setMintLimit(null);
			sim.setRateLimit(null);
			env.appId = `node-app-${++apps}`;
			sim.addApp(env.appId, SECRET);
			return { name: 'Rainbow app', data: { appId: env.appId, appSecret: SECRET, baseUrl: sim.baseUrl, accessToken: '', ...UNPACED } };
		},
	}) as RainbowNodeEnv;
	env.state = () => env.sim.appState(env.appId);
	return env;
}

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

/** A custom mint of the test app's first contract to its first holder. */
export function mintParameters(env: RainbowNodeEnv) {
	return {
		resource: 'mint',
		operation: 'create',
		chain: 'conflux_test',
		contractAddress: env.state().contracts[0].address,
		mintToAddress: env.state().holders[0],
		additionalFields: { metadata_uri: 'https://example.com/m.json' },
	};
}

/** The query of a first page at the default limit. */
export const PAGE_1 = { page: '1', limit: '50' };
