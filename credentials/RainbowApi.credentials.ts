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
import { RAINBOW_DEFAULT_BASE_URL, RAINBOW_FREE_TIER_RATE_LIMIT } from './rainbow/constants';
import { rainbowService } from './rainbow/rainbow-service';

/**
 * An NFTRainbow app's id and secret. The credential logs in, keeps the JWT, refreshes it while the
 * refresh window is open (no secret on the wire) and logs in again after.
 */
export class RainbowApi implements ICredentialType {
	name = 'rainbowApi';

	displayName = 'Rainbow API';

	icon: Icon = { light: 'file:../nodes/Rainbow/rainbow.svg', dark: 'file:../nodes/Rainbow/rainbow.dark.svg' };

	documentationUrl = 'https://docs.nftrainbow.cn/';

	httpRequestNode = {
		name: 'NFTRainbow',
		docsUrl: 'https://docs.nftrainbow.cn/',
		apiBaseUrl: `${RAINBOW_DEFAULT_BASE_URL}/v1/`,
	};

	properties: INodeProperties[] = [
		...tokenStateProperties(rainbowService),
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
			description: 'Rainbow API base (older deployments: https://api.nftrainbow.xyz); a trailing /v1 is ignored',
		},
		rateLimitProperty(RAINBOW_FREE_TIER_RATE_LIMIT, 'Rainbow allows 5 on the free tier, 10 on the growth tier.'),
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await renewToken(rainbowService, this.helpers.httpRequest, credentials);
	}

	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		withStoredToken(rainbowService, credentials, requestOptions);

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "").replace(/\\/v1$/i, "")}}',
			url: '/v1/contracts/',
			qs: { page: 1, limit: 1 },
		},
	};
}
