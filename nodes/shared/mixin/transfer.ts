import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { policyRefusal } from '../../../credentials/mixin/transfer-policy';
import type { SpendKey } from '../../../credentials/mixin/spend-key';
import {
	InsufficientBalanceError,
	TX_VERSION,
	derivedRequestId,
	encodeTransaction,
	formatAmount,
	ghostKeyHint,
	kernelAssetId,
	selectInputs,
	thresholdScript,
	type SafeTransaction,
} from '../../../mixin-safe';
import { asNodeError, unknownOutcomeError } from '../errors';
import { isTimeout, mayHaveArrived } from '../retry';
import { MIXIN, readMixinAnswer, type MixinClient } from './api';
import { unspentOutputs, type BotOutput } from './outputs';
import { heldCount, isReserved, markSpent, nextRelease, release, reserve } from './reservations';

/**
 * A Safe transfer as Mixin's SDKs make it (read outputs, pick inputs, ghost keys, build, request,
 * sign, submit), made safe to repeat: the request ID is the payment's identity from the first attempt
 * to the last. It is looked up before anything is built, and again whenever the outcome of a
 * submission is unknown; a request already signed or spent is reported as done, never sent again.
 */

export interface Payee {
	recipientId: string;
	/** Units of 10^-8. */
	amount: bigint;
}

export interface TransferOrder {
	requestId: string;
	assetId: string;
	payees: Payee[];
	/** The transaction's extra: the memo's bytes. */
	extra: Uint8Array;
}

export interface TransferOutcome {
	requestId: string;
	transactionHash: string;
	state: string;
	/** The payment had been made before this call (by an earlier run, a retry, another worker). */
	alreadySent: boolean;
}

/** States of a transaction request that mean it was signed: it is, or will be, paid. */
const PAID_STATES = new Set(['signed', 'spent']);
/** Mixin's code when inputs are short or gone: taken here as another transaction having used them. */
const INPUTS_GONE = 20117;
/** Rebuilds after a conflict (inputs taken by another process), and submissions of one signed transaction. */
const MAX_BUILDS = 3;
const MAX_SUBMITS = 3;
/** How long a transfer waits for outputs held by other transfers of this process (their change). */
const WAIT_FOR_OUTPUTS_MS = 60_000;
const WAIT_STEP_MS = 5_000;
/** Merges of 256 small outputs into one that one transfer may make first. */
const MAX_MERGES = 8;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function outcomeOf(request: IDataObject, alreadySent: boolean): TransferOutcome {
	return {
		requestId: String(request.request_id),
		transactionHash: String(request.transaction_hash ?? ''),
		state: String(request.state ?? ''),
		alreadySent,
	};
}

/** The transaction request of a request ID, or undefined when Mixin has none (404). */
export async function lookupRequest(client: MixinClient, requestId: string): Promise<IDataObject | undefined> {
	const call = { method: 'GET' as const, path: `/safe/transactions/${encodeURIComponent(requestId)}` };
	const response = await client.send(call).catch((error: unknown) => {
		throw asNodeError(client.node, error, client.itemIndex);
	});
	const answer = readMixinAnswer(response);
	if (answer.ok) return answer.data as IDataObject;
	if (answer.error.code === 404 || response.statusCode === 404) return undefined;
	throw client.error(response, answer.error, call);
}

/** The policy of the credential, for every payee, before any request. */
export function checkPolicy(client: MixinClient, order: Pick<TransferOrder, 'assetId' | 'payees'>): void {
	for (const payee of order.payees) {
		const refusal = policyRefusal(client.settings.policy, { recipientId: payee.recipientId, assetId: order.assetId, amount: payee.amount });
		if (refusal) throw asNodeError(client.node, refusal, client.itemIndex);
	}
}

function spendKeyOf(client: MixinClient): SpendKey {
	try {
		return client.settings.spendKey();
	} catch (error) {
		throw asNodeError(client.node, error, client.itemIndex);
	}
}

function insufficient(client: MixinClient, order: TransferOrder, error: InsufficientBalanceError, held: boolean): NodeOperationError {
	const more = held ? ' (some of it is held by transfers still running in this n8n)' : '';
	return new NodeOperationError(
		client.node,
		`Not enough of asset ${order.assetId}: the transfer needs ${formatAmount(error.needed)}, the bot holds ${formatAmount(error.available)}${more}. Nothing was sent.`,
		{ description: 'Check the Amount and the Asset ID, and the bot\'s balance (Asset → Get Balance).', itemIndex: client.itemIndex },
	);
}

type Built = { tx: SafeTransaction; inputs: BotOutput[] };

/** `selectInputs` over the bot's outputs, with a shortfall as a value. */
function pick(outputs: BotOutput[], amount: bigint): { inputs: BotOutput[]; change: bigint; needsMerge: boolean } | InsufficientBalanceError {
	try {
		return selectInputs(outputs, amount) as { inputs: BotOutput[]; change: bigint; needsMerge: boolean };
	} catch (error) {
		if (error instanceof InsufficientBalanceError) return error;
		return new InsufficientBalanceError(amount, 0n);
	}
}

/**
 * Inputs for `amount`, reserved for this request ID: outputs other transfers of this process hold
 * are skipped, and waited for (bounded) when the rest does not cover it. More than 256 needed:
 * they are merged into one first, by a transfer to the bot itself.
 */
async function takeInputs(client: MixinClient, order: TransferOrder, amount: bigint, spendKey: SpendKey): Promise<{ inputs: BotOutput[]; change: bigint }> {
	const deadline = Date.now() + WAIT_FOR_OUTPUTS_MS;
	for (let merges = 0; ; ) {
		const free = (outputs: BotOutput[]) => outputs.filter((output) => !isReserved(output.outputId, order.requestId));
		const sum = (outputs: BotOutput[]) => outputs.reduce((total, output) => total + output.amount, 0n);
		const outputs = await unspentOutputs(client, order.assetId, (list) => sum(free(list)) >= amount);
		const picked = pick(free(outputs), amount);
		if (picked instanceof InsufficientBalanceError) {
			const held = heldCount() > 0;
			if (!held || Date.now() >= deadline || sum(outputs) < amount) throw insufficient(client, order, new InsufficientBalanceError(amount, sum(outputs)), held);
			await nextRelease(Math.min(WAIT_STEP_MS, deadline - Date.now()));
			continue;
		}
		reserve(picked.inputs.map((input) => input.outputId), order.requestId);
		if (!picked.needsMerge) return { inputs: picked.inputs, change: picked.change };
		// Too many small outputs for one transaction: pay them to the bot itself as one output.
		if (merges >= MAX_MERGES) {
			release(picked.inputs.map((input) => input.outputId), order.requestId);
			throw new NodeOperationError(client.node, `The transfer needs more than ${MAX_MERGES * 255} of the bot's small outputs. Nothing was sent.`, {
				description: 'Send a smaller amount, or merge the outputs first with transfers to the bot itself.',
				itemIndex: client.itemIndex,
			});
		}
		const merge: TransferOrder = {
			requestId: derivedRequestId([order.requestId, 'merge', String(++merges)]),
			assetId: order.assetId,
			payees: [{ recipientId: client.settings.keystore.appId, amount: picked.change }],
			extra: new Uint8Array(),
		};
		release(picked.inputs.map((input) => input.outputId), order.requestId);
		reserve(picked.inputs.map((input) => input.outputId), merge.requestId);
		await submitWithInputs(client, merge, picked.inputs, 0n, spendKey);
	}
}

/** Ghost keys for each output (`POST /safe/keys`; Mixin answers a hint the same each time), then the transaction. */
async function build(client: MixinClient, order: TransferOrder, inputs: BotOutput[], change: bigint): Promise<Built> {
	const receivers = [...order.payees, ...(change > 0n ? [{ recipientId: client.settings.keystore.appId, amount: change }] : [])];
	const body = receivers.map((receiver, index) => ({ receivers: [receiver.recipientId], index, hint: ghostKeyHint(order.requestId, index) }));
	const ghosts = (await client.call({ method: 'POST', path: '/safe/keys', body, idempotent: true })) as Array<{ mask: string; keys: string[] }>;
	if (!Array.isArray(ghosts) || ghosts.length !== receivers.length) {
		throw new NodeOperationError(client.node, 'Mixin answered the ghost keys request with a wrong number of keys. Nothing was sent.', { itemIndex: client.itemIndex });
	}
	const tx: SafeTransaction = {
		version: TX_VERSION,
		asset: kernelAssetId(order.assetId),
		inputs: inputs.map((input) => ({ hash: input.transactionHash, index: input.outputIndex })),
		outputs: receivers.map((receiver, index) => ({ type: 0, amount: receiver.amount, keys: ghosts[index].keys, mask: ghosts[index].mask, script: thresholdScript(1) })),
		references: [],
		extra: order.extra,
	};
	return { tx, inputs };
}

function unknownOutcome(client: MixinClient, order: TransferOrder, why: string): Error {
	return unknownOutcomeError(client.node, MIXIN, { method: 'POST', path: '/safe/transactions' }, why, client.itemIndex, {
		description: `Run it again with the same Request ID (${order.requestId}): it is looked up first and never paid twice. Or check it with Transfer → Get.`,
		context: { requestId: order.requestId },
	});
}

/** Submits a signed transaction; an unknown outcome is looked up before it is sent again. 'conflict': its inputs were taken. */
async function submit(client: MixinClient, order: TransferOrder, raw: string): Promise<TransferOutcome | 'conflict'> {
	const call = { method: 'POST' as const, path: '/safe/transactions', body: [{ request_id: order.requestId, raw }] };
	let why = 'no answer to {call}';
	for (let attempt = 1; attempt <= MAX_SUBMITS; attempt++) {
		const sent = await client.send(call).then(
			(response) => ({ response }),
			(error: unknown) => ({ error }),
		);
		if ('error' in sent) {
			if (!isTimeout(sent.error) && !mayHaveArrived(sent.error)) throw asNodeError(client.node, sent.error, client.itemIndex);
			why = isTimeout(sent.error) ? 'no answer to {call} in time' : 'the connection was closed before an answer to {call}';
		} else {
			const answer = readMixinAnswer(sent.response);
			if (answer.ok) return outcomeOf((answer.data as IDataObject[])[0] ?? {}, false);
			if (sent.response.statusCode < 500 && answer.error.code !== INPUTS_GONE) throw client.error(sent.response, answer.error, call);
			why = `the server answered HTTP ${sent.response.statusCode} to {call}`;
			if (answer.error.code === INPUTS_GONE) {
				const request = await lookupRequest(client, order.requestId);
				return request && PAID_STATES.has(String(request.state)) ? outcomeOf(request, true) : 'conflict';
			}
		}
		// Unknown: was it done? Only what Mixin says of this request ID decides.
		const request = await lookupRequest(client, order.requestId).catch(() => undefined);
		if (request && PAID_STATES.has(String(request.state))) return outcomeOf(request, false);
	}
	throw unknownOutcome(client, order, why);
}

/** Transaction request, signature, submission. 'conflict' when the inputs were taken meanwhile. */
async function requestSignSubmit(client: MixinClient, order: TransferOrder, built: Built, spendKey: SpendKey): Promise<TransferOutcome | 'conflict'> {
	const raw = hex(encodeTransaction(built.tx));
	const call = { method: 'POST' as const, path: '/safe/transaction/requests', body: [{ request_id: order.requestId, raw }], idempotent: true };
	const response = await client.send(call).catch((error: unknown) => {
		throw asNodeError(client.node, error, client.itemIndex);
	});
	const answer = readMixinAnswer(response);
	if (!answer.ok) {
		if (answer.error.code === INPUTS_GONE) return 'conflict';
		throw client.error(response, answer.error, call);
	}
	const request = ((answer.data as IDataObject[]) ?? [])[0] ?? {};
	// Signed already: this request ID was paid (by an earlier attempt, another worker).
	if (request.state !== 'unspent') return outcomeOf(request, true);
	const views = request.views as string[] | undefined;
	if (!Array.isArray(views) || views.length !== built.tx.inputs.length) {
		throw new NodeOperationError(client.node, 'Mixin answered the transaction request without a view for each input. Nothing was sent.', { itemIndex: client.itemIndex });
	}
	const signed = spendKey.sign(built.tx, views);
	return await submit(client, order, hex(signed.raw));
}

/** One transaction with these inputs (reserved by the caller); they are released or marked spent. */
async function submitWithInputs(client: MixinClient, order: TransferOrder, inputs: BotOutput[], change: bigint, spendKey: SpendKey): Promise<TransferOutcome | 'conflict'> {
	const ids = inputs.map((input) => input.outputId);
	const result = await build(client, order, inputs, change)
		.then(async (built) => await requestSignSubmit(client, order, built, spendKey))
		.then(
			(outcome) => ({ outcome }),
			(error: unknown) => ({ error }),
		);
	if ('error' in result) {
		// An unknown outcome: the outputs stay held a while, in case they were spent.
		if ((result.error as { context?: IDataObject }).context?.outcomeUnknown) markSpent(ids, order.requestId);
		else release(ids, order.requestId);
		throw result.error;
	}
	// Not used (the request ID had been paid by another transaction, or the inputs were taken): free again.
	if (result.outcome === 'conflict' || result.outcome.alreadySent) release(ids, order.requestId);
	else markSpent(ids, order.requestId);
	return result.outcome;
}

/** Whether a transaction request (as `lookupRequest` gives it) was paid. */
export function isPaid(request: IDataObject | undefined): request is IDataObject {
	return request !== undefined && PAID_STATES.has(String(request.state));
}

/**
 * Pays `order` once: a payment already made with its request ID is reported, not repeated.
 * `lookedUp`: what `lookupRequest` answered just before, when the caller already asked.
 */
export async function sendTransfer(client: MixinClient, order: TransferOrder, lookedUp?: { request: IDataObject | undefined }): Promise<TransferOutcome> {
	checkPolicy(client, order);
	const spendKey = spendKeyOf(client);
	const amount = order.payees.reduce((total, payee) => total + payee.amount, 0n);
	const existing = lookedUp ? lookedUp.request : await lookupRequest(client, order.requestId);
	if (existing && PAID_STATES.has(String(existing.state))) return outcomeOf(existing, true);
	for (let attempt = 1; attempt <= MAX_BUILDS; attempt++) {
		const { inputs, change } = await takeInputs(client, order, amount, spendKey);
		const outcome = await submitWithInputs(client, order, inputs, change, spendKey);
		if (outcome !== 'conflict') return outcome;
	}
	throw new NodeOperationError(client.node, `The transfer's inputs were taken by other transactions ${MAX_BUILDS} times (another process is spending the same outputs). Nothing was sent.`, {
		description: `Run it again with the same Request ID (${order.requestId}).`,
		itemIndex: client.itemIndex,
	});
}
