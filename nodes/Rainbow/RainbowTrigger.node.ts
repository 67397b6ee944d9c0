import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { compact } from '../shared/items';
import { PENDING } from '../shared/poll-state';
import { poll, pollNotice, pollTimeout } from '../shared/poll-trigger';
import { requestOptionsField } from '../shared/request-options';
import { chainOptions, rainbowPage } from './descriptions';
import { rainbowRequest } from './transport';

/**
 * Rainbow's task lists as a polling trigger. Tasks carry `status` 0 pending, 1 success, 2 failed and a
 * numeric `id`; the lists come newest first (highest id first: what Rainbow's docs show; a page whose
 * first task has a lower id than its last fails the poll, which changes nothing). All three page with
 * `page` and `limit`; only `GET /v1/mints/` takes filters (contract, mint_to, chain). `GET /v1/burns`
 * is paged as Rainbow's burns.md documents, although its swagger declares no query parameter: a server
 * that ignores them answers the same records for every page, and the read ends at the first page that
 * brings nothing new.
 */

const LISTS: Record<string, string> = {
	mint: '/v1/mints/',
	transfer: '/v1/transfers/',
	burn: '/v1/burns',
};

/** A task's outcome; a status other than 1 or 2 has not ended (yet). */
function outcomeOf(task: IDataObject): string {
	if (task.status === 1) return 'succeeded';
	if (task.status === 2) return 'failed';
	return PENDING;
}

export class RainbowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Rainbow Trigger',
		name: 'rainbowTrigger',
		icon: { light: 'file:rainbow.svg', dark: 'file:rainbow.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"When " + $parameter["resource"] + " tasks end"}}',
		description: 'Starts the workflow when NFTRainbow mint, transfer or burn tasks succeed or fail',
		defaults: { name: 'Rainbow Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'rainbowApi', required: true }],
		properties: [
			pollNotice('tasks'),
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Burn', value: 'burn', description: 'Burn tasks (GET /v1/burns)' },
					{ name: 'Mint', value: 'mint', description: 'Mint tasks (GET /v1/mints/)' },
					{ name: 'Transfer', value: 'transfer', description: 'Transfer tasks (GET /v1/transfers/)' },
				],
				default: 'mint',
				description: 'Which tasks to watch. Changing it starts over: the next poll records a new baseline.',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Failed', value: 'failed', description: 'The task ended with status 2 (its error is in `error`)' },
					{ name: 'Succeeded', value: 'succeeded', description: 'The task ended with status 1' },
				],
				default: ['succeeded', 'failed'],
				description: 'Which final statuses start the workflow, one item per task as Rainbow returned it',
			},
			{
				displayName:
					"Rainbow's transfer and burn lists take no filter: every task of the app is watched. Add a Filter node after this one to keep some.",
				name: 'noFilterNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { resource: ['transfer', 'burn'] } },
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description: 'Sent to Rainbow with the list request. Changing them starts over: the next poll records a new baseline.',
				displayOptions: { show: { resource: ['mint'] } },
				options: [
					{ displayName: 'Chain', name: 'chain', type: 'options', options: chainOptions, default: 'conflux_test', description: 'Only mints on this network' },
					{ displayName: 'Contract Address', name: 'contract', type: 'string', default: '', description: 'Only mints of this contract' },
					{ displayName: 'Mint To Address', name: 'mint_to', type: 'string', default: '', description: 'Only mints to this address' },
				],
			},
			requestOptionsField,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const resource = this.getNodeParameter('resource', 'mint') as string;
		const kind = LISTS[resource] ? resource : 'mint';
		const filters = resource === 'mint' ? compact(this.getNodeParameter('filters', {}) as IDataObject) : {};
		const timeout = pollTimeout(this);
		return await poll(this, {
			service: 'Rainbow',
			records: `${kind} tasks`,
			scope: JSON.stringify([resource, Object.entries(filters).sort()]),
			events: this.getNodeParameter('events', ['succeeded', 'failed']) as string[],
			page: async (number, size) => {
				const qs = { page: number, limit: size, ...filters };
				return rainbowPage(await rainbowRequest(this, { method: 'GET', path: LISTS[kind], qs, timeout }, 0), number, size);
			},
			entry: (task) => ({ id: String(task.id), position: [Number(task.id) || 0], outcome: outcomeOf(task), record: task }),
		});
	}
}
