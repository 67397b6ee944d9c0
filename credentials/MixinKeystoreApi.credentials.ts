import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { rateLimitProperty } from './common/rate-limit';
import { renewToken, tokenStateProperties, withStoredToken } from './common/token-credential';
import { EXINONE_BOT_ID, EXINONE_DEFAULT_BASE_URL, EXINONE_DEFAULT_RATE_LIMIT } from './exinone/constants';
import { exinOneService } from './exinone/exinone-service';

/**
 * A Mixin bot's keystore, used to log in to ExinOne: the credential signs a Mixin token, trades it at
 * ExinOne's /mixin/me for a bearer token, keeps that token and logs in again before it runs out.
 */
export class MixinKeystoreApi implements ICredentialType {
	name = 'mixinKeystoreApi';

	displayName = 'Mixin Keystore API';

	icon: Icon = { light: 'file:../nodes/ExinOne/exinone.svg', dark: 'file:../nodes/ExinOne/exinone.dark.svg' };

	documentationUrl = 'https://developers.exinone.com/guide/';

	httpRequestNode = {
		name: 'ExinOne',
		docsUrl: 'https://developers.exinone.com/guide/',
		apiBaseUrl: EXINONE_DEFAULT_BASE_URL,
	};

	properties: INodeProperties[] = [
		...tokenStateProperties(exinOneService),
		// The keystore holds the bot's private key: masked, although the rule guesses from names only.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Keystore (keystore.json)',
			name: 'keystore',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: '{"app_id":"…","session_id":"…","session_private_key":"…", …}',
			description:
				'The whole keystore.json of your Mixin bot, as downloaded from the Mixin developer dashboard or ExinOne\'s "Generate Key" page. All three layouts work (session_private_key in hex; private_key in base64; legacy RSA PEM). Only the app/client id, session id and session key are used; the PIN, PIN token and spend key are never sent nor shown.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: EXINONE_DEFAULT_BASE_URL,
			description: 'ExinOne API base, without a trailing slash',
		},
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'string',
			default: EXINONE_BOT_ID,
			description:
				'The "aud" claim of the Mixin token sent to ExinOne: the client ID of the ExinOne bot. Change it only if ExinOne tells you to.',
		},
		rateLimitProperty(EXINONE_DEFAULT_RATE_LIMIT, 'ExinOne publishes no limit.'),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await renewToken(exinOneService, this.helpers.httpRequest, credentials);
	}

	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		withStoredToken(exinOneService, credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/users/me',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'ExinOne logged in but refused to read the account: check the Keystore and the Audience.',
				},
			},
		],
	};
}
