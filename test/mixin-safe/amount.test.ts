import { AMOUNT_PRECISION, AmountError, formatAmount, parseAmount } from '../../mixin-safe/amount';

function reasonOf(text: string): string | undefined {
	try {
		parseAmount(text);
		return undefined;
	} catch (error) {
		expect(error).toBeInstanceOf(AmountError);
		expect((error as AmountError).name).toBe('AmountError');
		return (error as AmountError).reason;
	}
}

describe('parseAmount', () => {
	it.each([
		['0.65', 65_000_000n],
		['1', 100_000_000n],
		['1.23456789', 123_456_789n],
		[' 2 ', 200_000_000n],
		['0.10000000', 10_000_000n],
		['0.00000001', 1n],
		['007.5', 750_000_000n],
		['92233720368.54775807', 9_223_372_036_854_775_807n],
		['123456789012345678901234567890', 12_345_678_901_234_567_890_123_456_789_000_000_000n],
	])('reads %j as %p units, exactly', (text, units) => {
		expect(parseAmount(text)).toBe(units);
	});

	it('has 8 decimals, as the kernel', () => {
		expect(AMOUNT_PRECISION).toBe(8);
	});

	const notDecimals = ['', ' ', '1.', '.5', '1e3', '1E-8', '1,000', '1 000', '0x10', '+1', 'abc', '1.2.3', '--1'];
	it.each([...notDecimals, '١', 'Infinity', 'NaN'])(
		'refuses %j as not a plain decimal',
		(text) => {
			expect(reasonOf(text)).toBe('format');
		},
	);

	it('refuses a ninth decimal instead of flooring it, even a zero', () => {
		expect(reasonOf('0.123456789')).toBe('precision');
		expect(reasonOf('0.000000001')).toBe('precision');
		expect(reasonOf('1.000000000')).toBe('precision');
		expect(parseAmount('0.12345678')).toBe(12_345_678n);
	});

	it('refuses zero and negative amounts', () => {
		expect(reasonOf('0')).toBe('zero');
		expect(reasonOf('0.00000000')).toBe('zero');
		expect(reasonOf('-0')).toBe('zero');
		expect(reasonOf('-1')).toBe('negative');
		expect(reasonOf('-0.00000001')).toBe('negative');
	});

	it('refuses what is not a string', () => {
		expect(reasonOf(0.65 as unknown as string)).toBe('format');
	});

	it('says what is wrong in its message', () => {
		expect(() => parseAmount('0.123456789')).toThrow('has 9 decimals; Mixin amounts have at most 8');
		expect(() => parseAmount('1e3')).toThrow('"1e3" is not a plain decimal');
	});
});

describe('formatAmount', () => {
	it.each([
		[65_000_000n, '0.65'],
		[100_000_000n, '1'],
		[1n, '0.00000001'],
		[123_456_789n, '1.23456789'],
		[1_000_000_000n, '10'],
		[0n, '0'],
		[-15_000_000n, '-0.15'],
	])('writes %p units as %j', (units, text) => {
		expect(formatAmount(units)).toBe(text);
	});

	it('round-trips with parseAmount at every decimal position', () => {
		for (let decimals = 0; decimals <= 8; decimals++) {
			for (const digits of ['1', '9', '12345678', '100000001']) {
				const text = decimals === 0 ? digits : `${digits}.${'0'.repeat(decimals - 1)}7`;
				expect(formatAmount(parseAmount(text))).toBe(text);
			}
		}
		for (const units of [1n, 99_999_999n, 100_000_001n, 2n ** 64n - 1n]) {
			expect(parseAmount(formatAmount(units))).toBe(units);
		}
	});

	it('takes only bigints', () => {
		expect(() => formatAmount(1 as unknown as bigint)).toThrow(TypeError);
	});
});
