/**
 * Mixin amounts as integers of 10^-8 units.
 *
 * The kernel keeps every amount as a fixed-point integer with 8 decimals (`common/integer.go` in
 * `MixinNetwork/mixin`, `Precision = 8`). Both the kernel's `NewIntegerFromString` and the Node SDK's
 * `parseUnits` floor digits past the 8th without a word, so a typo such as `0.123456789` would pay
 * less than the user typed; this module refuses such text instead and never goes through a float.
 */

/** Decimals of every Mixin amount (`Precision` in the kernel's `common/integer.go`). */
export const AMOUNT_PRECISION = 8;

const UNIT = 10n ** BigInt(AMOUNT_PRECISION);
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Why an amount text was refused; `reason` lets a caller word its own message. */
export class AmountError extends Error {
	/**
	 * `format`: not a plain decimal; `precision`: more than 8 decimals; `zero`: nothing to pay;
	 * `negative`: below zero.
	 */
	readonly reason: 'format' | 'precision' | 'zero' | 'negative';

	constructor(reason: AmountError['reason'], message: string) {
		super(message);
		this.name = 'AmountError';
		this.reason = reason;
	}
}

/** The text as a short quoted string for messages (an amount is not secret, but may be long). */
function quote(text: string): string {
	const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
	return JSON.stringify(shown);
}

/**
 * Parses a positive decimal amount such as `0.65`, `1` or `1.23456789` (surrounding spaces ignored)
 * into integer units of 10^-8.
 *
 * Only plain decimals with digits before an optional point are taken: no sign, exponent, grouping,
 * hex, `.5` or `1.`. More than 8 decimals is refused (`precision`), even trailing zeros, rather than
 * floored as the kernel and the SDK would; a zero or negative amount is refused too.
 */
export function parseAmount(text: string): bigint {
	if (typeof text !== 'string') {
		throw new AmountError('format', 'The amount must be text such as "0.65"');
	}
	const trimmed = text.trim();
	const negative = trimmed.startsWith('-');
	const match = DECIMAL.exec(negative ? trimmed.slice(1) : trimmed);
	if (!match) {
		throw new AmountError(
			'format',
			`The amount ${quote(trimmed)} is not a plain decimal number such as "0.65"`,
		);
	}
	const [, whole, fraction = ''] = match;
	if (fraction.length > AMOUNT_PRECISION) {
		throw new AmountError(
			'precision',
			`The amount ${quote(trimmed)} has ${fraction.length} decimals; Mixin amounts have at most ${AMOUNT_PRECISION}`,
		);
	}
	const units = BigInt(whole) * UNIT + BigInt(fraction.padEnd(AMOUNT_PRECISION, '0'));
	if (units === 0n) {
		throw new AmountError('zero', 'The amount must be greater than zero');
	}
	if (negative) {
		throw new AmountError('negative', `The amount ${quote(trimmed)} is negative`);
	}
	return units;
}

/**
 * Minimal decimal text of an amount in 10^-8 units: `65000000n` → `0.65`, `100000000n` → `1`,
 * `1n` → `0.00000001`. The inverse of {@link parseAmount} for positive amounts; zero gives `0`
 * and a negative amount keeps its sign, so balances and differences can be shown too.
 */
export function formatAmount(units: bigint): string {
	if (typeof units !== 'bigint') {
		throw new TypeError('formatAmount takes a bigint of 10^-8 units');
	}
	const sign = units < 0n ? '-' : '';
	const absolute = units < 0n ? -units : units;
	const whole = (absolute / UNIT).toString();
	const fraction = (absolute % UNIT).toString().padStart(AMOUNT_PRECISION, '0').replace(/0+$/, '');
	return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
