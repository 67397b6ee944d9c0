import { InsufficientBalanceError, MAX_INPUTS, selectInputs, type SpendableOutput } from '../../mixin-safe/inputs';

/** Outputs of the given amounts (10^-8 units), numbered in the order the API would list them. */
function outputs(...amounts: bigint[]): SpendableOutput[] {
	return amounts.map((amount, i) => ({
		outputId: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
		transactionHash: i.toString(16).padStart(64, '0'),
		outputIndex: i % 3,
		amount,
		keys: ['11'.repeat(32)],
		mask: '22'.repeat(32),
		receivers: ['b1e8f4a2-6c3d-4e5f-8a9b-0c1d2e3f4a5b'],
		receiversThreshold: 1,
		sequence: 100 + i,
	}));
}
const ids = (list: SpendableOutput[]) => list.map((o) => o.sequence);

describe('selectInputs', () => {
	it('takes outputs in API order until they cover the amount, as the worked example (0.3 + 0.5 for 0.65)', () => {
		const utxos = outputs(30_000_000n, 50_000_000n, 123_456_780n);
		expect(selectInputs(utxos, 65_000_000n)).toEqual({ inputs: utxos.slice(0, 2), change: 15_000_000n, needsMerge: false });
	});

	it('keeps API order even when a later output alone would do', () => {
		const utxos = outputs(1n, 2n, 1_000n);
		expect(ids(selectInputs(utxos, 4n).inputs)).toEqual([100, 101, 102]);
	});

	it('gives no change on an exact cover', () => {
		const utxos = outputs(5n, 7n, 9n);
		expect(selectInputs(utxos, 12n)).toEqual({ inputs: utxos.slice(0, 2), change: 0n, needsMerge: false });
		expect(selectInputs(utxos, 5n)).toEqual({ inputs: utxos.slice(0, 1), change: 0n, needsMerge: false });
	});

	it('throws InsufficientBalanceError with both sums when all outputs are short', () => {
		const error = (() => {
			try {
				selectInputs(outputs(30_000_000n, 50_000_000n), 80_000_001n);
			} catch (caught) {
				return caught as InsufficientBalanceError;
			}
		})();
		expect(error).toBeInstanceOf(InsufficientBalanceError);
		expect(error).toMatchObject({ name: 'InsufficientBalanceError', needed: 80_000_001n, available: 80_000_000n });
		expect(error?.message).toBe('Insufficient balance: 0.80000001 needed, 0.8 available');
		expect(() => selectInputs([], 1n)).toThrow(InsufficientBalanceError);
	});

	it('covers with exactly 256 outputs without merging', () => {
		const utxos = outputs(...Array<bigint>(300).fill(1n));
		expect(selectInputs(utxos, 256n)).toEqual({ inputs: utxos.slice(0, 256), change: 0n, needsMerge: false });
	});

	it('asks for a merge of the first 256 when covering needs 257', () => {
		const utxos = outputs(...Array<bigint>(300).fill(2n));
		const result = selectInputs(utxos, 513n);
		expect(result.needsMerge).toBe(true);
		expect(ids(result.inputs)).toEqual(ids(utxos.slice(0, MAX_INPUTS)));
		expect(result.change).toBe(512n);
	});

	it('says insufficient, not merge, when even all outputs are short', () => {
		expect(() => selectInputs(outputs(...Array<bigint>(300).fill(1n)), 301n)).toThrow(InsufficientBalanceError);
	});

	it('honours a smaller maxInputs', () => {
		const utxos = outputs(1n, 1n, 1n, 1n);
		expect(selectInputs(utxos, 3n, 2)).toEqual({ inputs: utxos.slice(0, 2), change: 2n, needsMerge: true });
		expect(selectInputs(utxos, 2n, 2)).toEqual({ inputs: utxos.slice(0, 2), change: 0n, needsMerge: false });
	});

	it('refuses a non-positive amount and a maxInputs outside 1–256', () => {
		expect(() => selectInputs(outputs(1n), 0n)).toThrow(RangeError);
		expect(() => selectInputs(outputs(1n), -1n)).toThrow(RangeError);
		expect(() => selectInputs(outputs(1n), 1n, 0)).toThrow(RangeError);
		expect(() => selectInputs(outputs(1n), 1n, 257)).toThrow(RangeError);
	});

	it('does not change its argument', () => {
		const utxos = outputs(3n, 2n, 1n);
		const before = JSON.stringify(utxos, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
		selectInputs(utxos, 4n);
		expect(JSON.stringify(utxos, (_, value) => (typeof value === 'bigint' ? value.toString() : value))).toBe(before);
	});
});
