/**
 * A polling trigger as n8n 2.41 runs it (its ActiveWorkflowManager and WorkflowStaticDataService; the
 * same behaviour is checked on a real n8n in test/e2e/triggers.e2e.ts), over n8n-core's real
 * PollContext and the package's real request path:
 * - an active workflow keeps its static data in memory, shared by all its polls;
 * - n8n saves that static data only at activation (the activation poll's changes included) and when a
 *   poll emits items; a poll that returns null changes it in memory only;
 * - a restart loses the memory: the workflow is built again from what was saved, and polled at once;
 * - "Fetch test event" polls with getMode() 'manual' over a copy of what was saved, never saved back.
 */
import { PollContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeType, Workflow } from 'n8n-workflow';

import { credentialTypes } from './credential-types';
import { type CredentialStore, nodeInWorkflow } from './n8n-context';

export interface PollerOptions {
	store: CredentialStore;
	node: INodeType;
	parameters: IDataObject;
	/** Credential type → stored credential id. */
	credentials?: Record<string, string>;
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

	private async pollIn(target: ReturnType<typeof nodeInWorkflow>, mode: 'trigger' | 'manual'): Promise<Output> {
		const { workflow, node, additionalData } = target;
		const context = new PollContext(workflow, node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate');
		if (!this.options.node.poll) throw new Error(`${this.options.node.description.name} has no poll()`);
		return await this.options.node.poll.call(context);
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

	/** A poll at one of the Poll Times; its static data is saved only if it emitted. */
	async poll(): Promise<Output> {
		if (!this.active) throw new Error('activate() first');
		const output = await this.pollIn(this.active, 'trigger');
		if (output !== null) this.save(this.active.workflow);
		return output;
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
