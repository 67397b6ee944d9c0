import * as safe from '../../mixin-safe';

describe('mixin-safe', () => {
	it('exports the whole protocol room from one place', () => {
		expect(Object.keys(safe).sort()).toEqual(
			[
				'AMOUNT_PRECISION',
				'AmountError',
				'InsufficientBalanceError',
				'MAX_EXTRA_BYTES',
				'MAX_INPUTS',
				'MAX_OUTPUTS',
				'MAX_REFERENCES',
				'REQUEST_ID_NAMESPACE',
				'TX_VERSION',
				'decodeTransaction',
				'derivedRequestId',
				'encodeTransaction',
				'formatAmount',
				'ghostKeyHint',
				'isUuid',
				'kernelAssetId',
				'md5Uuid',
				'membersHash',
				'parseAmount',
				'requestIdOf',
				'selectInputs',
				'signTransaction',
				'spendPublicKey',
				'spendScalar',
				'thresholdScript',
				'transactionHash',
				'uuidV5',
			].sort(),
		);
	});
});
