'use strict';
/**
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} ICredentialDataDecryptedObject
 */

/**
 * @typedef {Object} StoredCredential
 * @property {string} id
 * @property {string} name
 * @property {string} type
 * @property {ICredentialDataDecryptedObject} data
 */

/** The credentials table: what n8n would persist, with a count of writes. */
class CredentialStore {
	constructor() {
		/** @type {Map<string, StoredCredential>} */
		this.rows = new Map();
		/** How many times the credential data was written back (by a renewal). */
		this.writes = 0;
	}

	/** @param {StoredCredential} credential */
	put(credential) {
		this.rows.set(credential.id, structuredClone(credential));
	}

	/** @param {string} id @returns {StoredCredential} */
	get(id) {
		const row = this.rows.get(id);
		if (!row) throw new Error(`no credential ${id}`);
		return structuredClone(row);
	}

	/**
	 * What a user does in the editor: change some fields, keep the hidden ones.
	 * @param {string} id
	 * @param {ICredentialDataDecryptedObject} changes
	 */
	edit(id, changes) {
		const row = this.get(id);
		this.rows.set(id, { ...row, data: { ...row.data, ...changes } });
	}

	/** @param {string} id @param {ICredentialDataDecryptedObject} data */
	update(id, data) {
		this.writes++;
		const row = this.get(id);
		this.rows.set(id, { ...row, data: structuredClone(data) });
	}
}

module.exports = { CredentialStore };
