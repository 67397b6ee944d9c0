import type { IHttpRequestOptions } from 'n8n-workflow';

import { sendAuthRequest, type AuthCallContext } from '../../../credentials/common/auth-http';
import { AUTH_REQUEST_TIMEOUT_MS } from '../../../credentials/common/constants';
import { CredentialError } from '../../../credentials/common/errors';

const SECRET = 'the-app-secret-0123456789';
const call: AuthCallContext = { action: 'Rainbow login', check: 'Check it.', secrets: [SECRET] };
const request = { method: 'POST' as const, url: 'https://api.example.test/v1/login', body: { app_secret: SECRET } };

/** What n8n's httpRequest throws when there is no answer: an axios error carrying the request config. */
function transportError(code: string, message: string) {
	return Object.assign(new Error(message), { code, config: { data: JSON.stringify(request.body) }, isAxiosError: true });
}

async function failure(error: Error): Promise<CredentialError> {
	try {
		await sendAuthRequest(async () => Promise.reject(error), request, call);
	} catch (thrown) {
		return thrown as CredentialError;
	}
	throw new Error('expected a failure');
}

describe('sendAuthRequest without an answer', () => {
	test.each([
		['ECONNABORTED', 'timeout of 30000ms exceeded', /Rainbow login failed: no answer within 30 s \(https:\/\/api\.example\.test\/v1\/login\)\./],
		['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', /the connection was refused/],
		['ENOTFOUND', 'getaddrinfo ENOTFOUND api.example.test', /the host name could not be resolved/],
		['ECONNRESET', 'socket hang up', /the connection was closed before an answer/],
		['CERT_HAS_EXPIRED', 'certificate has expired', /TLS certificate was not accepted/],
	])('%s gives a message in words, naming the URL, with no error code n8n would replace', async (code, message, expected) => {
		const error = await failure(transportError(code, message));
		expect(error).toBeInstanceOf(CredentialError);
		expect(error.message).toMatch(expected);
		expect(error.message).not.toMatch(/\bE[A-Z]{4,}\b/);
		expect(error.description).toMatch(/Base URL/);
		// A new error: not the request's, which carries the body with the secret.
		expect(error.cause).toBeUndefined();
		expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(SECRET);
	});

	test('the request is sent with the timeout, JSON, and every status returned to the caller', async () => {
		let sent: IHttpRequestOptions | undefined;
		const answer = await sendAuthRequest(
			async (options) => {
				sent = options;
				return { statusCode: 503, headers: { 'content-type': 'text/html', date: new Date(Date.now() + 120_000).toUTCString() }, body: '<html>down</html>' };
			},
			request,
			call,
		);
		expect(sent).toMatchObject({ timeout: AUTH_REQUEST_TIMEOUT_MS, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true });
		expect(answer).toMatchObject({ status: 503, isJson: false, isHtml: true });
		// The server's clock (Date header) is 2 minutes ahead of ours.
		expect(answer.clockOffsetMs).toBeGreaterThan(115_000);
		expect(answer.clockOffsetMs).toBeLessThan(121_000);
	});
});
