import type { IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { EXPIRES_AT_FIELD, FINGERPRINT_FIELD, REFRESH_UNTIL_FIELD, TOKEN_FIELD } from './token-session';

/**
 * The hidden fields that hold the token state. The token comes first: n8n treats the first hidden
 * `expirable` property as "the token" and runs `preAuthentication` when it is empty or refused.
 */
export function tokenStateProperties(options: { refreshWindow: boolean }): INodeProperties[] {
	const hidden = (name: string): INodeProperties => ({ displayName: name, name, type: 'hidden', default: '' });
	return [
		{ ...hidden(TOKEN_FIELD), displayName: 'Access Token', typeOptions: { expirable: true } },
		hidden(EXPIRES_AT_FIELD),
		...(options.refreshWindow ? [hidden(REFRESH_UNTIL_FIELD)] : []),
		hidden(FINGERPRINT_FIELD),
	];
}

/**
 * Adds the bearer token when there is one that may be sent. A token that is expired or was issued
 * for other settings is left out on purpose: the service answers 401 and n8n renews the token and
 * retries (the path n8n's HTTP Request node takes), instead of a dead token, or one issued for
 * another base URL, leaving this machine.
 */
export function withBearer(requestOptions: IHttpRequestOptions, token: string | undefined): IHttpRequestOptions {
	if (token) {
		requestOptions.headers = { ...requestOptions.headers, Authorization: `Bearer ${token}` };
	}
	return requestOptions;
}
