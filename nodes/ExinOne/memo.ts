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

/** `EX#EPC_AUTH_TRANS#<followId>`: the memo of the EPC transfer that confirms a fund-pool transfer. */
export function epcAuthenticationMemo(followId: string): string {
	return base64(`EX#EPC_AUTH_TRANS#${followId}`);
}
