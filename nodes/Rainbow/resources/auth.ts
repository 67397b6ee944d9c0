import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { looksLikeJwt } from '../../../credentials/common/jwt-claims';
import { resolveCredential } from '../../../credentials/common/token-credential';
import { TOKEN_FIELD } from '../../../credentials/common/token-session';
import { rainbowLogin, rainbowRefresh, rainbowService, type RainbowGrant } from '../../../credentials/rainbow/rainbow-service';
import { asNodeError } from '../../shared/errors';
import type { OperationContext, Resource } from '../../shared/operations';

/** A grant as output: the server's own `expire` text (or the ISO time when it sent none) and the ISO time. */
function grantOutput(grant: RainbowGrant): IDataObject {
	const expiresAt = new Date(grant.expiresAt).toISOString();
	return { token: grant.token, expire: grant.expire ?? expiresAt, expiresAt };
}

async function login(context: OperationContext): Promise<IDataObject> {
	try {
		const credentials = await context.fn.getCredentials(rainbowService.credentialName, context.itemIndex);
		return grantOutput(await rainbowLogin(context.fn.helpers.httpRequest, resolveCredential(rainbowService, credentials).settings));
	} catch (error) {
		throw asNodeError(context.fn.getNode(), error, context.itemIndex);
	}
}

/**
 * The token to refresh: the Token field's, else the input item's `token` (a Login step's output),
 * else the one the credential holds now.
 */
function tokenToRefresh(context: OperationContext, stored: unknown): string {
	const given = context.param<string>('token', '').trim();
	if (given) return given;
	const fromItem = context.fn.getInputData()[context.itemIndex]?.json?.token;
	if (looksLikeJwt(fromItem)) return fromItem.trim();
	return typeof stored === 'string' ? stored : '';
}

async function refreshToken(context: OperationContext): Promise<IDataObject> {
	const credentials = await context.fn.getCredentials(rainbowService.credentialName, context.itemIndex);
	const token = tokenToRefresh(context, credentials[TOKEN_FIELD]);
	if (token === '') {
		throw new NodeOperationError(context.fn.getNode(), 'There is no token to refresh', {
			description:
				'Put this step right after a Login step (it refreshes the `token` of its input item), or put a token in the Token field. The credential holds no token yet either.',
			itemIndex: context.itemIndex,
		});
	}
	try {
		return grantOutput(await rainbowRefresh(context.fn.helpers.httpRequest, resolveCredential(rainbowService, credentials).settings, token));
	} catch (error) {
		throw asNodeError(context.fn.getNode(), error, context.itemIndex);
	}
}

export const authResource: Resource = {
	value: 'auth',
	name: 'Auth',
	description: 'Explicit login and token refresh',
	operations: [
		{
			value: 'login',
			name: 'Login',
			action: 'Log in to Rainbow',
			description:
				'Log in with the App ID and App Secret and output the JWT (the credential does this by itself for the other operations)',
			run: login,
		},
		{
			value: 'refreshToken',
			name: 'Refresh Token',
			action: 'Refresh a Rainbow token',
			description: 'Exchange a JWT for a new one while its refresh window is open; sends no secret',
			fields: [
				{
					displayName: 'Token',
					name: 'token',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					description:
						"The JWT to refresh. Empty: the input item's `token` (a Login step's output), else the token the credential holds now.",
				},
			],
			run: refreshToken,
		},
	],
};
