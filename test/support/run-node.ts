/**
 * Runs any of the package's nodes by its real `execute` in n8n-core's ExecuteContext, and the set-up
 * every node test file shares: one simulator per file, a fresh credential and session state per test.
 * The per-service helpers (`useExinOneNode`, `useRainbowNode`) only say how to start their simulator
 * and what the credential holds.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { credentialTypes } from './credential-types';
import { CredentialStore, createExecuteContext } from './n8n-context';
import type { startRainbowSimulator } from './simulators';
import { freshProcess } from './process-state';

/** A request as the simulators log it (both share one core). */
export type LogEntry = Awaited<ReturnType<typeof startRainbowSimulator>>['requests'][number];

export interface RunNodeOptions {
	store: CredentialStore;
	parameters: IDataObject;
	/** Credential type → stored credential id; none by default. */
	credentials?: Record<string, string>;
	/** The node's input items; one empty item by default. */
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** One execution of the node over the store; the items of its first output. */
export async function runNode(node: INodeType, options: RunNodeOptions): Promise<INodeExecutionData[]> {
	const { store, parameters, credentials, items, continueOnFail } = options;
	const context = createExecuteContext({
		store,
		credentialTypes,
		nodeType: node,
		parameters: parameters as never,
		credentials,
		items,
		continueOnFail,
	});
	if (!node.execute) throw new Error(`${node.description.name} has no execute()`);
	const [output] = (await node.execute.call(context)) as INodeExecutionData[][];
	return output;
}

/** The id under which each test's credential is stored. */
export const CREDENTIAL_ID = 'cred-1';

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** `false` runs the node with no credential selected. */
	credential?: boolean;
}

interface Simulator {
	requests: LogEntry[];
	reset(): void;
	clock: { set(ms: number): unknown };
	close(): Promise<void>;
}

export interface NodeSetup<S extends Simulator> {
	node: new () => INodeType;
	credentialType: string;
	start(): Promise<S>;
	/** Before each test, once the simulator's log is empty: service state to reset, and the credential. */
	credential(sim: S): { name: string; data: ICredentialDataDecryptedObject };
	/** The token requests (login, refresh) that `calls()` leaves out. */
	tokenPaths: string[];
}

export interface NodeEnv<S> {
	sim: S;
	store: CredentialStore;
	run(parameters: IDataObject, options?: RunOptions): Promise<INodeExecutionData[]>;
	/** The business requests the simulator got: token requests left out. */
	calls(): LogEntry[];
	/** The last business request. */
	last(): LogEntry;
	/** The one business request of the run (fails the test if there were more or none). */
	only(): LogEntry;
}

/** Registers the hooks of a node test file and returns its environment, filled in as the hooks run. */
export function useNode<S extends Simulator>(setup: NodeSetup<S>): NodeEnv<S> {
	const env = {} as NodeEnv<S>;
	beforeAll(async () => {
		env.sim = await setup.start();
	});
	afterAll(async () => {
		await env.sim.close();
	});
	beforeEach(() => {
		// Tokens of an earlier test must not carry over through the in-process session memory.
		freshProcess();
		env.sim.reset();
		env.sim.clock.set(Date.now());
		env.store = new CredentialStore();
		env.store.put({ id: CREDENTIAL_ID, type: setup.credentialType, ...setup.credential(env.sim) });
	});
	env.run = async (parameters, options = {}) =>
		await runNode(new setup.node(), {
			store: env.store,
			parameters,
			credentials: options.credential === false ? {} : { [setup.credentialType]: CREDENTIAL_ID },
			items: options.items,
			continueOnFail: options.continueOnFail,
		});
	env.calls = () => env.sim.requests.filter((r) => !setup.tokenPaths.includes(r.path));
	env.last = () => env.calls()[env.calls().length - 1];
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
