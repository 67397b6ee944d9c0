import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { resolveCredential } from '../../../credentials/common/token-credential';
import { MIXIN_LOGIN_TOKEN_TTL_S, MIXIN_TOKEN_MAX_TTL_S } from '../../../credentials/mixin/constants';
import { exinOneLogin, exinOneService } from '../../../credentials/exinone/exinone-service';
import { signMixinToken } from '../../../credentials/mixin/mixin-token';
import { asNodeError } from '../../shared/errors';
import type { OperationContext, Resource } from '../../shared/operations';

async function settings(context: OperationContext) {
	return resolveCredential(exinOneService, await context.fn.getCredentials(exinOneService.credentialName, context.itemIndex)).settings;
}

async function login(context: OperationContext): Promise<IDataObject> {
	try {
		const result = await exinOneLogin(context.fn.helpers.httpRequest, await settings(context));
		return {
			token: result.token,
			tokenType: result.tokenType,
			expiresIn: result.expiresIn,
			expiresAt: new Date(result.expiresAt).toISOString(),
		};
	} catch (error) {
		throw asNodeError(context.fn.getNode(), error, context.itemIndex);
	}
}

async function sign(context: OperationContext): Promise<IDataObject> {
	const method = context.param<string>('method', 'GET');
	const path = context.param<string>('path', '').trim();
	if (path === '') {
		throw new NodeOperationError(context.fn.getNode(), 'The Path field is empty', {
			description: 'Give the path (with query string) of the request the token is for, e.g. /me',
			itemIndex: context.itemIndex,
		});
	}
	const rawBody = method === 'GET' ? '' : context.param<unknown>('body', '');
	// The signature covers the body byte for byte: an object from an expression is signed as compact JSON.
	const body = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody);
	const options = context.param<{ audience?: string; expiresIn?: number }>('options', {});
	try {
		const { keystore } = await settings(context);
		const { token, claims } = signMixinToken(
			keystore,
			{ method, uri: path, body },
			{ audience: options.audience || undefined, ttlSeconds: options.expiresIn ?? MIXIN_LOGIN_TOKEN_TTL_S },
		);
		return { token, claims: { ...claims } };
	} catch (error) {
		throw asNodeError(context.fn.getNode(), error, context.itemIndex);
	}
}

export const authResource: Resource = {
	value: 'auth',
	name: 'Auth',
	description: 'Explicit login and Mixin token signing',
	operations: [
		{
			value: 'login',
			name: 'Login',
			action: 'Log in to ExinOne',
			description:
				'Log in with the keystore and output the bearer token (the credential does this by itself for the other operations)',
			run: login,
		},
		{
			value: 'signMixinToken',
			name: 'Sign Mixin Token',
			action: 'Sign a Mixin authentication token',
			description:
				'Sign a Mixin authentication token for one request, to call the Mixin API (or any Mixin-authenticated service) with the HTTP Request node',
			fields: [
				{
					displayName: 'Method',
					name: 'method',
					type: 'options',
					options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((value) => ({ name: value, value })),
					default: 'GET',
					description: 'HTTP method of the request the token is for',
				},
				{
					displayName: 'Path',
					name: 'path',
					type: 'string',
					required: true,
					default: '/me',
					placeholder: '/safe/snapshots?limit=10',
					description:
						'Path with query string of the request, exactly as it will be sent (a full URL is reduced to that)',
				},
				{
					displayName: 'Body',
					name: 'body',
					type: 'string',
					typeOptions: { rows: 4 },
					default: '',
					displayOptions: { hide: { method: ['GET'] } },
					description:
						'The exact raw body that will be sent: the token signs it byte for byte, so send this same text',
				},
				{
					displayName: 'Options',
					name: 'options',
					type: 'collection',
					placeholder: 'Add Option',
					default: {},
					options: [
						{
							displayName: 'Audience',
							name: 'audience',
							type: 'string',
							default: '',
							description: 'The "aud" claim, only for a service that asks for one',
						},
						{
							displayName: 'Expires In (Seconds)',
							name: 'expiresIn',
							type: 'number',
							typeOptions: { minValue: 1, maxValue: MIXIN_TOKEN_MAX_TTL_S },
							default: MIXIN_LOGIN_TOKEN_TTL_S,
							description: 'Lifetime of the token; keep it short, each token is for one request',
						},
					],
				},
			],
			run: sign,
		},
	],
};
