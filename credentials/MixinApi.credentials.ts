import type { IAuthenticate, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { rateLimitProperty } from './common/rate-limit';
import { MIXIN_DEFAULT_BASE_URL, MIXIN_DEFAULT_RATE_LIMIT } from './mixin/constants';
import { signRequest, SPEND_KEY_FIELD } from './mixin/mixin-api';
import { ALLOW_TRANSFERS_FIELD, ALLOWED_RECIPIENTS_FIELD, MAX_AMOUNTS_FIELD } from './mixin/transfer-policy';

/**
 * A Mixin bot's keystore and spend key, for the Mixin API itself: every request is signed with a
 * fresh Mixin token; transfers are signed with the spend key, within the limits its owner sets here.
 */
export class MixinApi implements ICredentialType {
	name = 'mixinApi';

	displayName = 'Mixin API';

	icon: Icon = { light: 'file:../nodes/Mixin/mixin.svg', dark: 'file:../nodes/Mixin/mixin.dark.svg' };

	documentationUrl = 'https://developers.mixin.one/docs/api/guide';

	httpRequestNode = {
		name: 'Mixin',
		docsUrl: 'https://developers.mixin.one/docs/api/guide',
		apiBaseUrl: MIXIN_DEFAULT_BASE_URL,
	};

	properties: INodeProperties[] = [
		// The keystore holds the bot's private key: masked, although the rule guesses from names only.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Keystore (keystore.json)',
			name: 'keystore',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: '{"app_id":"…","session_id":"…","session_private_key":"…"}',
			description:
				"The whole keystore.json of your Mixin bot, from the Mixin developer dashboard. All three layouts work (session_private_key in hex; private_key in base64; legacy RSA PEM). It signs every request; it is never sent nor shown.",
		},
		{
			displayName: 'Spend Private Key',
			name: SPEND_KEY_FIELD,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for transfers: the spend private key shown once when the bot registered its Safe wallet (64 hex digits, or 128: seed and public key). Empty: the keystore\'s "spend_private_key" is used.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: MIXIN_DEFAULT_BASE_URL,
			description: 'Mixin API base, without a trailing slash. Requests to other hosts are not signed.',
		},
		{
			displayName: 'Allow Transfers',
			name: ALLOW_TRANSFERS_FIELD,
			type: 'boolean',
			default: false,
			description:
				'Whether workflows using this credential may send transfers. Off: every transfer is refused before anything is sent, so sharing the credential lets others read, not pay.',
		},
		{
			displayName: 'Allowed Recipients',
			name: ALLOWED_RECIPIENTS_FIELD,
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: '61103d28-3ac2-44a2-ae34-bd956070dab1',
			displayOptions: { show: { [ALLOW_TRANSFERS_FIELD]: [true] } },
			description: 'Mixin user IDs transfers may go to, separated by commas or new lines. Empty: anyone.',
		},
		{
			displayName: 'Max Amount per Transfer',
			name: MAX_AMOUNTS_FIELD,
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: '4d8c508b-91c5-375b-92b0-ee702ed2dac5: 100',
			displayOptions: { show: { [ALLOW_TRANSFERS_FIELD]: [true] } },
			description:
				'Optional caps, one line per asset: the asset ID, a colon and the most one transfer (one recipient\'s amount) may carry. Assets not listed are not capped.',
		},
		rateLimitProperty(MIXIN_DEFAULT_RATE_LIMIT, 'Mixin publishes no limit.'),
	];

	authenticate: IAuthenticate = async (credentials, requestOptions) => await signRequest(credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/safe/me',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 401,
					message: 'Mixin refused the signature: check the Keystore (its app ID, session ID and session key must be an active session of the bot) and this machine\'s clock.',
				},
			},
		],
	};
}
