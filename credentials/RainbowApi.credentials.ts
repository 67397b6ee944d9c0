import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { RAINBOW_DEFAULT_BASE_URL } from './common/constants';
import { tokenStateProperties, withBearer } from './common/credential-fields';
import { rainbowBearer, renewRainbowToken } from './common/rainbow-auth';

/**
 * An NFTRainbow app's id and secret. The credential logs in, keeps the JWT, refreshes it while the
 * refresh window is open (no secret on the wire) and logs in again after.
 */
export class RainbowApi implements ICredentialType {
	name = 'rainbowApi';

	displayName = 'Rainbow API';

	icon: Icon = { light: 'file:icons/rainbow.svg', dark: 'file:icons/rainbow.dark.svg' };

	documentationUrl = 'https://docs.nftrainbow.cn/';

	httpRequestNode = {
		name: 'NFTRainbow',
		docsUrl: 'https://docs.nftrainbow.cn/',
		apiBaseUrl: `${RAINBOW_DEFAULT_BASE_URL}/v1/`,
	};

	properties: INodeProperties[] = [
		...tokenStateProperties({ refreshWindow: true }),
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			required: true,
			default: '',
			description: 'The App ID of your app in the Rainbow console',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The App Secret of your app in the Rainbow console. Sent only to log in.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: RAINBOW_DEFAULT_BASE_URL,
			description: 'Rainbow API base, without /v1 (older deployments: https://api.nftrainbow.xyz)',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await renewRainbowToken(this.helpers.httpRequest, credentials);
	}

	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		withBearer(requestOptions, rainbowBearer(credentials));

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/v1/contracts/',
			qs: { page: 1, limit: 1 },
		},
	};
}
