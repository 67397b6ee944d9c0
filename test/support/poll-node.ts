/**
 * A polling trigger as n8n 2.41 runs it (its ActiveWorkflowManager and WorkflowStaticDataService; the
 * same behaviour is checked on a real n8n in test/e2e/triggers.e2e.ts), over n8n-core's real
 * PollContext and the package's real request path:
 * - an active workflow keeps its static data in memory, shared by all its polls;
 * - n8n saves that static data only at activation (the activation poll's changes included) and when a
 *   poll emits items; a poll that returns null changes it in memory only;
 * - a restart loses the memory: the workflow is built again from what was saved, and polled at once;
 * - "Fetch test event" polls with getMode() 'manual' over a copy of what was saved, never saved back;
 * - an emission (what a poll returns, or hands to __emit itself) saves the static data and starts an
 *   execution; 2.41 settles the emission's done promise when the execution ends, or rejects it when it
 *   could not be started (`failEmission`). `n8n1: true` gives the poll context of n8n 1.x, which has
 *   no __runPoll.
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeType, IPollFunctions, Workflow } from 'n8n-workflow';

import { credentialTypes } from './credential-types';
import { type CredentialStore, nodeInWorkflow } from './n8n-context';

export interface PollerOptions {
	store: CredentialStore;
	node: INodeType;
	parameters: IDataObject;
	/** Credential type → stored credential id. */
	credentials?: Record<string, string>;
	/** The poll context of n8n 1.x (no __runPoll) instead of 2.41's. */
	n8n1?: boolean;
}

/** Items handed to n8n, and the promise it settles when their execution has ended or could not start. */
type Done = Parameters<IPollFunctions['__emit']>[2];
export interface Emission {
	data: INodeExecutionData[][];
	done?: Done;
}

type Output = INodeExecutionData[][] | null;

/** What n8n keeps of a workflow's static data: a plain copy, without its change flag. */
function plain(data: IDataObject): IDataObject {
	const { __dataChanged, ...rest } = JSON.parse(JSON.stringify(data)) as IDataObject;
	void __dataChanged;
	return rest;
}

export class Poller {
	/** The workflow's static data as saved in n8n's database. */
	saved: IDataObject = {};
	private active?: ReturnType<typeof nodeInWorkflow>;
	/** How many times n8n wrote the static data. */
	saves = 0;
	/** Every emission of the scheduled polls, in order. */
	emissions: Emission[] = [];
	/** n8n drops what the next poll returns: its workflow was published anew while it ran. */
	dropNext = false;

	constructor(private options: PollerOptions) {}

	private build(staticData: IDataObject) {
		return nodeInWorkflow({
			store: this.options.store,
			credentialTypes,
			nodeType: this.options.node,
			parameters: this.options.parameters as never,
			credentials: this.options.credentials,
			staticData: structuredClone(staticData),
		});
	}

	/** A node's parameters edited; n8n re-activates the workflow with them (see `activate`). */
	set parameters(parameters: IDataObject) {
		this.options = { ...this.options, parameters };
	}

	/** One poll; for a scheduled one, what it emitted (returned, or handed to __emit), else null. */
	private async pollIn(target: ReturnType<typeof nodeInWorkflow>, mode: 'trigger' | 'manual'): Promise<Output> {
		const { workflow, node, additionalData } = target;
		const emitted: Emission[] = [];
		const emit = (data: INodeExecutionData[][], _response?: unknown, done?: Done) => {
			this.save(workflow);
			emitted.push({ data, done });
		};
		const context = new PollContext(workflow, node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate', emit);
		if (this.options.n8n1) Object.defineProperty(context, '__runPoll', { value: undefined });
		if (!this.options.node.poll) throw new Error(`${this.options.node.description.name} has no poll()`);
		const returned = await this.options.node.poll.call(context);
		if (mode === 'manual') return returned;
		// n8n hands what a poll returns to the context's __emit, unless the workflow was published anew
		// meanwhile (2.41 drops the poll's result then)
		if (returned !== null && !this.dropNext) context.__emit(returned);
		this.dropNext = false;
		if (emitted.length > 1) throw new Error('a poll emitted twice');
		this.emissions.push(...emitted);
		return emitted[0]?.data ?? null;
	}

	/**
	 * n8n could not start the execution of the last emission (2.41 rejects its done promise with the
	 * error: the database unreachable), or started it and then cancelled it (a cancellation error).
	 * Resolves once the trigger has had the rejection.
	 */
	async failEmission(error: Error): Promise<void> {
		const last = this.emissions[this.emissions.length - 1];
		if (!last?.done) throw new Error('the last emission asked for no word of its execution');
		last.done.reject(error);
		await last.done.promise.catch(() => undefined);
	}

	private save(workflow: Workflow) {
		if (workflow.staticData.__dataChanged !== true) return;
		this.saved = plain(workflow.staticData);
		workflow.staticData.__dataChanged = false;
		this.saves++;
	}

	/** Activation (or re-activation after an edit): the workflow from the database, a first poll, saved. */
	async activate(): Promise<Output> {
		this.active = this.build(this.saved);
		const output = await this.pollIn(this.active, 'trigger');
		this.save(this.active.workflow);
		return output;
	}

	/** n8n restarts: what it held in memory is gone, and the startup activates the workflow again. */
	async restart(): Promise<Output> {
		return await this.activate();
	}

	/** A poll at one of the Poll Times; its static data is saved only if it emitted (at the emission). */
	async poll(): Promise<Output> {
		if (!this.active) throw new Error('activate() first');
		return await this.pollIn(this.active, 'trigger');
	}

	/** "Fetch test event" in the editor: sees the saved static data, and nothing it changes is saved. */
	async manual(): Promise<Output> {
		return await this.pollIn(this.build(this.saved), 'manual');
	}

	/** The node's static data held in memory by the active workflow. */
	memory(): IDataObject {
		if (!this.active) return {};
		return plain(this.active.workflow.getStaticData('node', this.active.node));
	}

	/** The node's static data as saved. */
	savedNodeData(): IDataObject {
		return (this.saved[`node:${this.options.node.description.defaults.name}`] as IDataObject | undefined) ?? {};
	}
}

/** The JSON of the items of a poll's output (none for null). */
export const emitted = (output: Output) => (output ? output[0].map((item) => item.json) : []);
