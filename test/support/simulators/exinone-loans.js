'use strict';
/**
 * Loans made and repaid by Mixin transfers to the ExinOne bot (draft Loan page of ExinOne's developer
 * docs), in the shapes of /loan/detail and /loan/repayment/list that exinone-state.js seeds: an
 * `EX#CB#<assetUuid>#<days>#<amount>[#M|#FP]` memo applies (the transfer's trace is `applyTraceId`),
 * an `EX#CR#<applyTraceId>` memo (or a confirmed `loan_repayment` EPC authentication) repays.
 * A repayment pays the pending interest first, then the overdue amount, then the principal.
 */
const { ASSET_BY_ID, toUnits, fmt, loanAsset } = require('./exinone-state');

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The daily interest rate /loan answers ("0.0005"), per 10 000. */
const DAILY_INTEREST_PER_10K = 5n;

/**
 * @param {any} state from createExinOneState
 * @param {import('./clock').SimClock} clock
 */
function createLoanOps(state, clock) {
	const now = () => Math.floor(clock.now() / 1000);

	/** The loan with this applyTraceId. @param {unknown} applyTraceId */
	const find = (applyTraceId) => state.loans.find((/** @type {any} */ l) => l.applyTraceId === String(applyTraceId).toLowerCase());

	/**
	 * The fields of an `EX#CB#…` memo, or the reason they are refused.
	 * @param {string[]} f the memo split on `#`
	 * @returns {{asset: any, days: number, units: bigint, wallet: 'M'|'FP'} | string}
	 */
	function parseApply(f) {
		if (f.length !== 5 && f.length !== 6) return 'a loan memo is EX#CB#<assetUuid>#<days>#<amount>[#M|#FP]';
		const asset = UUID_RE.test(f[2]) ? ASSET_BY_ID.get(f[2].toLowerCase()) : undefined;
		if (!asset) return 'unknown loan asset';
		if (!/^[1-9]\d{0,4}$/.test(f[3])) return 'the term must be a whole number of days';
		const units = toUnits(f[4]);
		if (units === null || units === 0n) return 'the amount must be a positive decimal with at most 8 decimals';
		const wallet = f.length === 6 ? f[5] : 'M';
		if (wallet !== 'M' && wallet !== 'FP') return 'the wallet must be M or FP';
		return { asset, days: Number(f[3]), units, wallet };
	}

	/**
	 * Records a loan being repaid, as /loan/detail shows it (nothing repaid, no interest yet).
	 * @param {string} userId @param {string} applyTraceId @param {{asset: any, days: number, units: bigint, wallet: 'M'|'FP'}} spec
	 */
	function create(userId, applyTraceId, spec) {
		if (find(applyTraceId)) throw new Error(`a loan with applyTraceId ${applyTraceId} exists`);
		const at = now();
		const loan = {
			id: state.loans.reduce((/** @type {number} */ m, /** @type {any} */ l) => Math.max(m, l.id), 5000) + 1,
			asset: loanAsset(spec.asset),
			loanAmount: fmt(spec.units),
			sendAmount: fmt(spec.units),
			term: spec.days,
			loanDate: at,
			wallet: spec.wallet === 'FP' ? 'fundpool' : 'mixin',
			reason: null,
			status: 'repaying',
			hasRepaid: false,
			dailyInterestAmount: fmt((spec.units * DAILY_INTEREST_PER_10K) / 10000n),
			dailyOverdueAmount: fmt((spec.units * DAILY_INTEREST_PER_10K * 2n) / 10000n),
			finalRepaymentDate: at + spec.days * 86400,
			useDays: 0,
			repayAmount: fmt(0n),
			debtAmount: fmt(spec.units),
			interestAmount: fmt(0n),
			overdueAmount: fmt(0n),
			repayDate: null,
			nextRepaymentDate: at + spec.days * 86400,
			applyTraceId: applyTraceId.toLowerCase(),
			createdAt: at,
			updatedAt: at,
			appliedAt: at,
			loanedAt: at,
			totalPending: fmt(spec.units),
			borrowingsPending: fmt(spec.units),
			overduePending: fmt(0n),
			interestPending: fmt(0n),
		};
		state.loans.push(loan);
		state.ownerOf.set(loan, userId);
		return loan;
	}

	/** Why a repayment of `loan` in `assetId` is refused, or null. @param {any} loan @param {string} assetId */
	function refusal(loan, assetId) {
		if (!loan) return 'unknown loan';
		if (loan.status === 'cleared') return 'the loan is cleared';
		if (loan.asset.uuid !== assetId) return `the loan is repaid in ${loan.asset.symbol}`;
		return null;
	}

	/**
	 * Repays up to the debt; returns the units applied (the caller gives back the rest). The repayment
	 * shows in /loan/repayment/list and, by `repaymentTraceId`, in /loan/repayment/status.
	 * @param {any} loan @param {bigint} units @param {string} repaymentTraceId
	 */
	function repay(loan, units, repaymentTraceId) {
		let left = units;
		/** @param {string} k */
		const take = (k) => {
			const have = /** @type {bigint} */ (toUnits(loan[k]));
			const t = left < have ? left : have;
			loan[k] = fmt(have - t);
			left -= t;
			return t;
		};
		const interest = take('interestPending');
		const overdue = take('overduePending');
		const principal = take('borrowingsPending');
		const applied = interest + overdue + principal;
		const debt = /** @type {bigint} */ (toUnits(loan.totalPending)) - applied;
		const at = now();
		Object.assign(loan, {
			totalPending: fmt(debt), debtAmount: fmt(debt), repayAmount: fmt(/** @type {bigint} */ (toUnits(loan.repayAmount)) + applied),
			updatedAt: Math.max(at, loan.updatedAt),
		});
		if (debt === 0n) Object.assign(loan, { status: 'cleared', hasRepaid: true, repayDate: at, nextRepaymentDate: null });
		const id = state.repayments.reduce((/** @type {number} */ m, /** @type {any} */ r) => Math.max(m, r.record.id), 7000) + 1;
		state.repayments.push({
			repaymentTraceId: repaymentTraceId.toLowerCase(),
			applyTraceId: loan.applyTraceId,
			record: {
				id, asset: loan.asset, amount: fmt(units), repayAmount: fmt(applied), interestAmount: fmt(interest), overdueAmount: fmt(overdue),
				createdAt: at, updatedAt: at,
			},
		});
		return applied;
	}

	return { find, parseApply, create, refusal, repay };
}

module.exports = { createLoanOps };
