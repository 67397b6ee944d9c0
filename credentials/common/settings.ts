import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CredentialError } from './errors';

/** A required text field of a credential, trimmed; the error names the field and the credential. */
export function requiredText(
	data: ICredentialDataDecryptedObject,
	field: string,
	label: string,
	credential: string,
): string {
	const value = data[field];
	if (typeof value !== 'string' || value.trim() === '') {
		throw new CredentialError(`The ${label} field of the ${credential} credential is empty.`, {
			description: `Fill in ${label} in the ${credential} credential.`,
		});
	}
	return value.trim();
}

/**
 * The Base URL field: an http(s) URL without credentials in it, without trailing slashes (paths are
 * appended to it), and without `dropSuffix` (e.g. an API version the paths already carry).
 */
export function baseUrlSetting(
	data: ICredentialDataDecryptedObject,
	field: string,
	fallback: string,
	credential: string,
	dropSuffix?: RegExp,
): string {
	const raw = typeof data[field] === 'string' && (data[field] as string).trim() !== '' ? (data[field] as string) : fallback;
	let value = raw.trim().replace(/\/+$/, '');
	if (dropSuffix) value = value.replace(dropSuffix, '').replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(value);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new CredentialError(`The Base URL of the ${credential} credential is not an http(s) URL.`, {
			description: `Use the API's address, e.g. ${fallback}.`,
		});
	}
	if (url.username !== '' || url.password !== '') {
		// Never echo the URL: the part before @ is a password.
		throw new CredentialError(`The Base URL of the ${credential} credential contains a user name or password.`, {
			description: `Remove the "user:password@" part: the credential signs in by itself. Use e.g. ${fallback}.`,
		});
	}
	return value;
}
