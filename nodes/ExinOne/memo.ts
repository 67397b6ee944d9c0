/**
 * The memos of the Mixin transfers ExinOne acts on (ExinOne's developer docs, "Convert" and the draft
 * "Fund pool" pages): standard base64, with padding, of a `#`-separated text. A transfer whose memo
 * does not fit the format is not refunded automatically, so a memo is built here, never by hand.
 */
import { isUuid } from '../shared/parameters';

function base64(text: string): string {
	return Buffer.from(text, 'utf8').toString('base64');
}

/** `EX#CO#<receiveAssetUuid>[#<ref>]`: convert the transferred asset into `receiveAssetUuid`. */
export function convertMemoText(receiveAssetUuid: string, ref = ''): string {
	if (!isUuid(receiveAssetUuid)) throw new RangeError('the receive asset is not a UUID');
	if (/[#\s]/.test(ref)) throw new RangeError('the referral ID must not contain "#" or spaces');
	return `EX#CO#${receiveAssetUuid.toLowerCase()}${ref ? `#${ref}` : ''}`;
}

export function convertMemo(receiveAssetUuid: string, ref = ''): string {
	return base64(convertMemoText(receiveAssetUuid, ref));
}

/** `EX#FP_DEPOSIT`: a transfer that credits the trading account (fund pool). */
export function depositMemo(): string {
	return base64('EX#FP_DEPOSIT');
}

/** `EX#REF_REG`: an EPC transfer that registers the sender for referrals. */
export function referralRegistrationMemo(): string {
	return base64('EX#REF_REG');
}

/**
 * `EX#CB#<assetUuid>#<days>#<amount>[#M|#FP]`: an EPC transfer that applies for a loan, paid out to the
 * Mixin wallet (`M`, ExinOne's default) or the trading account (`FP`).
 */
export function loanApplicationMemo(assetUuid: string, days: number, amount: string, wallet: 'mixin' | 'fundpool'): string {
	if (!isUuid(assetUuid)) throw new RangeError('the asset is not a UUID');
	if (!Number.isInteger(days) || days < 1) throw new RangeError('the days are not a whole number of at least 1');
	if (!/^\d+(\.\d+)?$/.test(amount)) throw new RangeError('the amount is not a decimal number');
	return base64(`EX#CB#${assetUuid.toLowerCase()}#${days}#${amount}#${wallet === 'fundpool' ? 'FP' : 'M'}`);
}

/** `EX#CR#<applyTraceId>`: a transfer that repays the loan applied for with that trace ID. */
export function loanRepaymentMemo(applyTraceId: string): string {
	if (!isUuid(applyTraceId)) throw new RangeError('the apply trace ID is not a UUID');
	return base64(`EX#CR#${applyTraceId.toLowerCase()}`);
}

/**
 * What goes into a Safe transaction's extra for an ExinOne memo: the UTF-8 bytes of the base64 memo
 * text, as Mixin's clients carry a memo a user types. ExinOne's docs predate Safe transactions and do
 * not say; every transfer to ExinOne takes its extra from here, so the choice lives in one place.
 */
export function memoExtra(memo: string): Uint8Array {
	return Buffer.from(memo, 'utf8');
}

/** `EX#EPC_AUTH_TRANS#<followId>`: the memo of the EPC transfer that confirms a fund-pool transfer. */
export function epcAuthenticationMemo(followId: string): string {
	return base64(`EX#EPC_AUTH_TRANS#${followId}`);
}
