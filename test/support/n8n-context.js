'use strict';
/**
 * Runs package code inside n8n-core's real ExecuteContext, so requests go through n8n's real
 * `httpRequestWithAuthentication` (pre-authentication, authenticate, 401 retry).
 *
 * The one piece n8n-core does not ship is the CredentialsHelper (it lives in the `n8n` CLI package,
 * with a database behind it). `StoreCredentialsHelper` below follows that class's logic as of n8n
 * 2.41: `preAuthentication` runs the credential's hook when the first hidden expirable field is '' or
 * the request was refused, and persists only the keys the hook returned onto the stored credential;
 * `authenticate` runs a function or a generic definition.
 *
 * `nodeInWorkflow`, the one-node workflow around a context, serves poll-node.ts's PollContext too.
 * Plain CommonJS, so that a plain Node script (the benchmark, on the compiled dist/) can build the
 * same context as the tests. The credential classes are therefore passed in (`credentialTypes`): the
 * tests pass the TypeScript sources' (test/support/credential-types.ts), a script the compiled ones.
 */
const { ExecuteContext } = require('n8n-core');
const { ICredentialsHelper, Workflow, createRunExecutionData } = require('n8n-workflow');

const { CredentialStore } = require('./credential-store');

/**
 * @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} ICredentialDataDecryptedObject
 * @typedef {import('n8n-workflow').ICredentialType} ICredentialType
 * @typedef {import('n8n-workflow').IHttpRequestHelper} IHttpRequestHelper
 * @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions
 * @typedef {import('n8n-workflow').INode} INode
 * @typedef {import('n8n-workflow').INodeCredentialsDetails} INodeCredentialsDetails
 * @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData
 * @typedef {import('n8n-workflow').INodeType} INodeType
 * @typedef {import('n8n-workflow').IRequestOptionsSimplified} IRequestOptionsSimplified
 * @typedef {Record<string, ICredentialType>} CredentialTypes credential type name → instance
 */

/** @param {unknown} value */
function isExpression(value) {
	return typeof value === 'string' && value.startsWith('=');
}

class StoreCredentialsHelper extends ICredentialsHelper {
	/** @param {CredentialStore} store @param {CredentialTypes} [credentialTypes] */
	constructor(store, credentialTypes = {}) {
		super();
		this.store = store;
		this.credentialTypes = credentialTypes;
	}

	/** @param {string} typeName @returns {ICredentialType} */
	typeOf(typeName) {
		const type = this.credentialTypes[typeName];
		if (!type) throw new Error(`no credential type "${typeName}": pass it in credentialTypes`);
		return type;
	}

	getParentTypes() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}

	/**
	 * @param {ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 * @param {IHttpRequestOptions | IRequestOptionsSimplified} requestOptions
	 * @param {Workflow} [workflow]
	 * @param {INode} [node]
	 * @returns {Promise<IHttpRequestOptions>}
	 */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const type = this.typeOf(typeName);
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, /** @type {IHttpRequestOptions} */ (requestOptions));
		}
		if (type.authenticate?.type === 'generic' && workflow && node) {
			const options = /** @type {any} */ (requestOptions);
			for (const [outer, values] of Object.entries(type.authenticate.properties)) {
				options[outer] = { ...(options[outer] ?? {}) };
				for (const [key, value] of Object.entries(/** @type {Record<string, string>} */ (values))) {
					options[outer][key] = String(
						workflow.expression.getSimpleParameterValue(node, value, 'internal', /** @type {any} */ ({ $credentials: credentials }), undefined, ''),
					);
				}
			}
		}
		return /** @type {IHttpRequestOptions} */ (requestOptions);
	}

	/**
	 * @param {IHttpRequestHelper} helpers
	 * @param {ICredentialDataDecryptedObject} credentials
	 * @param {string} typeName
	 * @param {INode} node
	 * @param {boolean} credentialsExpired
	 * @returns {Promise<ICredentialDataDecryptedObject | undefined>}
	 */
	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const type = this.typeOf(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) return undefined;

		const output = await type.preAuthentication.call(
			/** @type {any} */ ({ helpers: { httpRequest: helpers.helpers.httpRequest } }),
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const details = node.credentials[typeName];
			const storedData = this.store.get(/** @type {string} */ (details.id)).data;
			const dataToPersist = { ...storedData };
			for (const [key, value] of Object.entries(output)) {
				if (key === expirable.name || !isExpression(storedData[key])) dataToPersist[key] = value;
			}
			this.store.update(/** @type {string} */ (details.id), dataToPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	/** @param {INodeCredentialsDetails} nodeCredentials */
	async getCredentials(nodeCredentials) {
		const row = this.store.get(/** @type {string} */ (nodeCredentials.id));
		return /** @type {any} */ ({ id: row.id, name: row.name, type: row.type, getData: () => row.data });
	}

	/** @param {unknown} _additionalData @param {INodeCredentialsDetails} nodeCredentials */
	async getDecrypted(_additionalData, nodeCredentials) {
		return this.store.get(/** @type {string} */ (nodeCredentials.id)).data;
	}

	/** @param {INodeCredentialsDetails} nodeCredentials @param {string} _type @param {ICredentialDataDecryptedObject} data */
	async updateCredentials(nodeCredentials, _type, data) {
		this.store.update(/** @type {string} */ (nodeCredentials.id), data);
	}

	async updateCredentialsOauthTokenData() {}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.typeOf(type).properties;
	}
}

/**
 * A node type that only declares both credentials, for running credential code in a context.
 * @type {INodeType}
 */
const credentialProbeNode = {
	description: {
		displayName: 'Credential Probe',
		name: 'credentialProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Credential Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [
			{ name: 'mixinKeystoreApi', required: false },
			{ name: 'rainbowApi', required: false },
		],
		properties: [],
	},
};

/**
 * @typedef {Object} ContextOptions
 * @property {CredentialStore} store
 * @property {CredentialTypes} [credentialTypes] the credential classes the helper runs; none by default
 * @property {INodeType} [nodeType]
 * @property {string} [nodeTypeName]
 * @property {INode['parameters']} [parameters]
 * @property {Record<string, string>} [credentials] credential type → stored credential id
 * @property {INodeExecutionData[]} [items]
 * @property {boolean} [continueOnFail]
 */

/**
 * One node in a one-node workflow, with the additional data n8n-core needs around it.
 * @param {ContextOptions & { staticData?: import('n8n-workflow').IDataObject }} options
 */
function nodeInWorkflow(options) {
	const nodeType = options.nodeType ?? credentialProbeNode;
	const typeName = options.nodeTypeName ?? `test.${nodeType.description.name}`;
	/** @type {INode['credentials']} */
	const credentials = {};
	for (const [type, id] of Object.entries(options.credentials ?? {})) {
		credentials[type] = { id, name: options.store.get(id).name };
	}
	const { version } = nodeType.description;
	/** @type {INode} */
	const node = {
		id: 'node-under-test',
		name: nodeType.description.defaults.name ?? 'Node',
		type: typeName,
		typeVersion: Array.isArray(version) ? Math.max(...version) : version,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials,
		...(options.continueOnFail ? { onError: /** @type {const} */ ('continueRegularOutput') } : {}),
	};
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'wf',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData: options.staticData,
	});
	const nowhere = 'http://127.0.0.1:1';
	const additionalData = /** @type {any} */ ({
		credentialsHelper: new StoreCredentialsHelper(options.store, options.credentialTypes),
		executionId: 'exec-1',
		...Object.fromEntries(['restApiUrl', 'webhookBaseUrl', 'webhookWaitingBaseUrl', 'formWaitingBaseUrl', 'webhookTestBaseUrl', 'instanceBaseUrl'].map((key) => [key, nowhere])),
		currentNodeParameters: undefined,
		variables: {},
	});
	return { node, workflow, additionalData };
}

/**
 * A real n8n-core ExecuteContext for one node, over the given credential store.
 * @param {ContextOptions} options
 * @returns {ExecuteContext}
 */
function createExecuteContext(options) {
	const { node, workflow, additionalData } = nodeInWorkflow(options);
	const items = options.items ?? [{ json: {} }];
	const executeData = { node, data: { main: [items] }, source: null };
	return new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		createRunExecutionData(),
		0,
		items,
		{ main: [items] },
		executeData,
		[],
	);
}

module.exports = { CredentialStore, StoreCredentialsHelper, credentialProbeNode, nodeInWorkflow, createExecuteContext };
