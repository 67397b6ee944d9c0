import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { formatAmount, membersHash, parseAmount, type SpendableOutput } from '../../../mixin-safe';
import type { MixinClient } from './api';

/**
 * The bot's Safe outputs (UTXOs) as Mixin's `GET /safe/outputs` lists them: a balance is the sum of
 * the unspent ones, there is no balance endpoint. Paged by `offset` = the last `sequence` seen (which
 * Mixin's Go SDK treats as inclusive: records are de-duplicated by `output_id`).
 */

export const OUTPUTS_PAGE = 500;
/** Bound on pages read for one list: 100 × 500 outputs. */
const MAX_PAGES = 100;

export interface BotOutput extends SpendableOutput {
	assetId: string;
}

function toOutput(record: IDataObject): BotOutput {
	return {
		outputId: String(record.output_id),
		transactionHash: String(record.transaction_hash),
		outputIndex: Number(record.output_index),
		amount: parseAmount(String(record.amount)),
		keys: (record.keys as string[]) ?? [],
		mask: String(record.mask ?? ''),
		receivers: (record.receivers as string[]) ?? [],
		receiversThreshold: Number(record.receivers_threshold ?? 1),
		sequence: Number(record.sequence),
		assetId: String(record.asset_id ?? ''),
	};
}

/**
 * The bot's unspent outputs (of one asset, or all), oldest first, every page — or until `enough` says
 * the ones read so far suffice.
 */
export async function unspentOutputs(
	client: MixinClient,
	assetId?: string,
	enough: (outputs: BotOutput[]) => boolean = () => false,
): Promise<BotOutput[]> {
	const members = membersHash([client.settings.keystore.appId]);
	const seen = new Map<string, BotOutput>();
	let offset: number | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const qs: IDataObject = { members, threshold: 1, ...(assetId ? { asset: assetId } : {}), state: 'unspent', ...(offset !== undefined ? { offset } : {}), limit: OUTPUTS_PAGE, order: 'ASC' };
		const records = (await client.call({ method: 'GET', path: '/safe/outputs', qs })) as IDataObject[];
		if (!Array.isArray(records)) break;
		let fresh = 0;
		for (const record of records) {
			const output = toOutput(record);
			// A multisig output the bot is one member of is not the bot's to spend alone.
			if (output.receiversThreshold !== 1 || output.receivers.length > 1) continue;
			if (!seen.has(output.outputId)) fresh++;
			seen.set(output.outputId, output);
		}
		const list = [...seen.values()];
		if (records.length < OUTPUTS_PAGE || fresh === 0 || enough(list)) return list;
		offset = Math.max(...records.map((record) => Number(record.sequence)));
	}
	throw new NodeOperationError(client.node, `The bot has more than ${MAX_PAGES * OUTPUTS_PAGE} unspent outputs; stopped reading`, {
		itemIndex: client.itemIndex,
	});
}

export interface Balance extends IDataObject {
	assetId: string;
	symbol: string;
	name: string;
	chainId: string;
	/** Decimal string. */
	amount: string;
	/** How many unspent outputs make it up. */
	outputs: number;
}

/** Asset details by id (`POST /safe/assets/fetch`), for the assets given. */
async function assetDetails(client: MixinClient, assetIds: string[]): Promise<Map<string, IDataObject>> {
	if (assetIds.length === 0) return new Map();
	const assets = (await client.call({ method: 'POST', path: '/safe/assets/fetch', body: assetIds, idempotent: true })) as IDataObject[];
	return new Map((Array.isArray(assets) ? assets : []).map((asset) => [String(asset.asset_id), asset]));
}

/** Every asset the bot holds, with its amount summed from its unspent outputs. */
export async function balances(client: MixinClient, assetId?: string): Promise<Balance[]> {
	const sums = new Map<string, { amount: bigint; outputs: number }>();
	if (assetId) sums.set(assetId, { amount: 0n, outputs: 0 });
	for (const output of await unspentOutputs(client, assetId)) {
		const sum = sums.get(output.assetId) ?? { amount: 0n, outputs: 0 };
		sum.amount += output.amount;
		sum.outputs++;
		sums.set(output.assetId, sum);
	}
	const details = await assetDetails(client, [...sums.keys()]);
	return [...sums.entries()].map(([id, sum]) => {
		const asset = details.get(id) ?? {};
		return {
			assetId: id,
			symbol: String(asset.symbol ?? ''),
			name: String(asset.name ?? ''),
			chainId: String(asset.chain_id ?? ''),
			amount: formatAmount(sum.amount),
			outputs: sum.outputs,
		};
	});
}
