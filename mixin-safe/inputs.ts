/**
 * Choosing which unspent outputs (UTXOs) pay an amount.
 *
 * Mixin has no balance to debit: a payment spends whole UTXOs and pays the surplus back to the
 * payer as change. The choice follows the official Node SDK's `getUnspentOutputsForRecipients`:
 * take outputs in the order the API listed them until they cover the amount.
 */
import { formatAmount } from './amount';
import { MAX_INPUTS } from './encoding';

export { MAX_INPUTS };

/** An unspent output as `GET /safe/outputs` lists it, with the amount in 10^-8 units. */
export interface SpendableOutput {
	outputId: string;
	transactionHash: string;
	outputIndex: number;
	amount: bigint;
	keys: string[];
	mask: string;
	receivers: string[];
	receiversThreshold: number;
	sequence: number;
}

/** The unspent outputs do not add up to the amount; both sums are in 10^-8 units. */
export class InsufficientBalanceError extends Error {
	readonly needed: bigint;
	readonly available: bigint;

	constructor(needed: bigint, available: bigint) {
		super(`Insufficient balance: ${formatAmount(needed)} needed, ${formatAmount(available)} available`);
		this.name = 'InsufficientBalanceError';
		this.needed = needed;
		this.available = available;
	}
}

/**
 * The outputs that pay `amount` (10^-8 units): in the order given, added until their sum reaches
 * the amount; `change` is the surplus to pay back to the payer. Pass only unspent outputs of one
 * asset, in API order (the SDK also skips any whose state is not `unspent`).
 *
 * Throws {@link InsufficientBalanceError} if all outputs together are short. If covering the amount
 * takes more than `maxInputs` outputs (one transaction spends at most 256), returns
 * `needsMerge: true` with the first `maxInputs` outputs as `inputs` and their whole sum as `change`:
 * the caller merges them into one output by paying itself that sum, then selects again. No SDK
 * does this; the Go SDK gives up instead.
 */
export function selectInputs(
	outputs: SpendableOutput[],
	amount: bigint,
	maxInputs = MAX_INPUTS,
): { inputs: SpendableOutput[]; change: bigint; needsMerge: boolean } {
	if (typeof amount !== 'bigint' || amount <= 0n) {
		throw new RangeError('The amount to pay must be a positive bigint of 10^-8 units');
	}
	if (!Number.isInteger(maxInputs) || maxInputs < 1 || maxInputs > MAX_INPUTS) {
		throw new RangeError(`maxInputs must be an integer from 1 to ${MAX_INPUTS}`);
	}
	let total = 0n;
	let merged: bigint | undefined;
	for (let i = 0; i < outputs.length; i++) {
		total += outputs[i].amount;
		if (i + 1 === maxInputs) {
			merged = total;
		}
		if (total >= amount) {
			if (merged !== undefined && i + 1 > maxInputs) {
				return { inputs: outputs.slice(0, maxInputs), change: merged, needsMerge: true };
			}
			return { inputs: outputs.slice(0, i + 1), change: total - amount, needsMerge: false };
		}
	}
	throw new InsufficientBalanceError(amount, total);
}
