import { CredentialError } from '../../../credentials/common/errors';
import { policyRefusal, readTransferPolicy } from '../../../credentials/mixin/transfer-policy';

const ALICE = '0b2c7d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';
const BOB = '61103d28-3ac2-44a2-ae34-bd956070dab1';
const USDT = '4d8c508b-91c5-375b-92b0-ee702ed2dac5';
const BTC = 'c6d0c728-2624-429b-8e0d-d9d19b6592fa';

describe('transfer policy', () => {
	test('transfers are off unless the owner turned them on; the refusal names the field', () => {
		const refusal = policyRefusal(readTransferPolicy({}), { recipientId: ALICE, assetId: USDT, amount: 1n });
		expect(refusal).toBeInstanceOf(CredentialError);
		expect(refusal!.message).toBe('Transfers are off in the Mixin API credential: nothing was sent.');
		expect(refusal!.description).toMatch(/"Allow Transfers"/);
		expect(policyRefusal(readTransferPolicy({ allowTransfers: true }), { recipientId: ALICE, assetId: USDT, amount: 1n })).toBeUndefined();
	});

	test('allowed recipients, separated by commas or new lines, in any case; empty means anyone', () => {
		const policy = readTransferPolicy({ allowTransfers: true, allowedRecipients: ` ${BOB.toUpperCase()},\n\n${ALICE} ` });
		expect(policyRefusal(policy, { recipientId: BOB, assetId: USDT, amount: 1n })).toBeUndefined();
		expect(policyRefusal(policy, { recipientId: ALICE, assetId: USDT, amount: 1n })).toBeUndefined();
		const onlyBob = readTransferPolicy({ allowTransfers: true, allowedRecipients: BOB });
		expect(policyRefusal(onlyBob, { recipientId: ALICE, assetId: USDT, amount: 1n })!.message).toBe(
			`Recipient ${ALICE} is not in the Allowed Recipients of the Mixin API credential: nothing was sent.`,
		);
	});

	test('a cap per asset on what one transfer carries; other assets are not capped', () => {
		const policy = readTransferPolicy({ allowTransfers: true, maxAmountPerTransfer: `${USDT}: 100\n${BTC}=0.001` });
		expect(policyRefusal(policy, { recipientId: ALICE, assetId: USDT, amount: 100n * 10n ** 8n })).toBeUndefined();
		expect(policyRefusal(policy, { recipientId: ALICE, assetId: USDT, amount: 100n * 10n ** 8n + 1n })!.message).toBe(
			`100.00000001 is more than the 100 of asset ${USDT} one transfer may carry (Max Amount per Transfer of the Mixin API credential): nothing was sent.`,
		);
		expect(policyRefusal(policy, { recipientId: ALICE, assetId: BTC, amount: 100_001n })).toBeInstanceOf(CredentialError);
		expect(policyRefusal(policy, { recipientId: ALICE, assetId: '43d61dcd-e413-450d-80b8-101d5e903357', amount: 10n ** 12n })).toBeUndefined();
	});

	test('a malformed entry is refused, naming the field and the entry', () => {
		expect(() => readTransferPolicy({ allowedRecipients: `${BOB}, bob` })).toThrow('The Allowed Recipients field of the Mixin API credential has an entry that is not a user ID (entry 2).');
		expect(() => readTransferPolicy({ maxAmountPerTransfer: `${USDT}: 1.123456789` })).toThrow(/Max Amount per Transfer field .* \(line 1\)/);
		expect(() => readTransferPolicy({ maxAmountPerTransfer: `USDT: 1` })).toThrow(/unreadable line \(line 1\)/);
	});
});
