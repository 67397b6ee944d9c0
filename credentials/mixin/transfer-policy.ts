import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { formatAmount, parseAmount } from '../../mixin-safe';
import { CredentialError } from '../common/errors';

/**
 * What the owner of a Mixin API credential lets workflows pay with it. Sharing the credential with a
 * workflow editor must not hand over the wallet: transfers are off until the owner turns them on, and
 * can be limited to some recipients and to an amount per transfer of each asset. Checked before any
 * request of a transfer is sent.
 */

export const ALLOW_TRANSFERS_FIELD = 'allowTransfers';
export const ALLOWED_RECIPIENTS_FIELD = 'allowedRecipients';
export const MAX_AMOUNTS_FIELD = 'maxAmountPerTransfer';

const CREDENTIAL = 'Mixin API';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TransferPolicy {
	allowTransfers: boolean;
	/** Lower-cased user ids; undefined: anyone. */
	allowedRecipients?: ReadonlySet<string>;
	/** Asset id → most units of 10^-8 one transfer may carry. */
	maxAmounts: ReadonlyMap<string, bigint>;
}

function entries(text: unknown): string[] {
	return typeof text === 'string' ? text.split(/[\n,;]+/).map((entry) => entry.trim()).filter(Boolean) : [];
}

/** A valid amount in units of 10^-8, or undefined (parseAmount throws only AmountError). */
function amountOrUndefined(text: string): bigint | undefined {
	try {
		return parseAmount(text);
	} catch {
		return undefined;
	}
}

function badField(label: string, what: string, how: string): never {
	throw new CredentialError(`The ${label} field of the ${CREDENTIAL} credential ${what}.`, { description: how });
}

/** Reads the policy fields; a malformed entry is named (its position), so nothing is guessed. */
export function readTransferPolicy(data: ICredentialDataDecryptedObject): TransferPolicy {
	const recipients = entries(data[ALLOWED_RECIPIENTS_FIELD]);
	recipients.forEach((id, index) => {
		if (!UUID.test(id)) {
			badField('Allowed Recipients', `has an entry that is not a user ID (entry ${index + 1})`, 'List Mixin user IDs (UUIDs), separated by commas or new lines; leave it empty to allow anyone.');
		}
	});
	const maxAmounts = new Map<string, bigint>();
	entries(data[MAX_AMOUNTS_FIELD]).forEach((entry, index) => {
		const match = /^([0-9a-f-]{36})\s*[:=]\s*(\S+)$/i.exec(entry);
		const how = 'One line per asset: the asset ID, a colon and the most one transfer may carry, e.g. 4d8c508b-91c5-375b-92b0-ee702ed2dac5: 100';
		if (!match || !UUID.test(match[1])) badField('Max Amount per Transfer', `has an unreadable line (line ${index + 1})`, how);
		const amount = amountOrUndefined(match[2]);
		if (amount === undefined) badField('Max Amount per Transfer', `has an amount that is not a positive decimal with at most 8 decimals (line ${index + 1})`, how);
		maxAmounts.set(match[1].toLowerCase(), amount);
	});
	return {
		allowTransfers: data[ALLOW_TRANSFERS_FIELD] === true,
		allowedRecipients: recipients.length > 0 ? new Set(recipients.map((id) => id.toLowerCase())) : undefined,
		maxAmounts,
	};
}

/** Why the policy refuses a transfer of `amount` of `assetId` to `recipientId`, or undefined. */
export function policyRefusal(policy: TransferPolicy, transfer: { recipientId: string; assetId: string; amount: bigint }): CredentialError | undefined {
	if (!policy.allowTransfers) {
		return new CredentialError(`Transfers are off in the ${CREDENTIAL} credential: nothing was sent.`, {
			description: `The credential's owner can turn on "Allow Transfers" in the ${CREDENTIAL} credential (and limit them with "Allowed Recipients" and "Max Amount per Transfer").`,
		});
	}
	if (policy.allowedRecipients && !policy.allowedRecipients.has(transfer.recipientId.toLowerCase())) {
		return new CredentialError(`Recipient ${transfer.recipientId} is not in the Allowed Recipients of the ${CREDENTIAL} credential: nothing was sent.`, {
			description: `Check the Recipient ID, or ask the credential's owner to add it to "Allowed Recipients".`,
		});
	}
	const max = policy.maxAmounts.get(transfer.assetId.toLowerCase());
	if (max !== undefined && transfer.amount > max) {
		return new CredentialError(
			`${formatAmount(transfer.amount)} is more than the ${formatAmount(max)} of asset ${transfer.assetId} one transfer may carry (Max Amount per Transfer of the ${CREDENTIAL} credential): nothing was sent.`,
			{ description: 'Send a smaller amount, or ask the credential\'s owner to raise "Max Amount per Transfer".' },
		);
	}
	return undefined;
}
