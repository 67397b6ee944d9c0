/**
 * Runs package code inside n8n-core's real ExecuteContext, so requests go through n8n's real
 * `httpRequestWithAuthentication` (pre-authentication, authenticate, 401 retry).
 *
 * The one piece n8n-core does not ship is the CredentialsHelper (it lives in the `n8n` CLI package,
 * with a database behind it). `StoreCredentialsHelper` below follows that class's logic as of n8n
 * 2.41 (packages/cli/src/credentials-helper.ts): `preAuthentication` runs the credential's hook when
 * the first hidden expirable field is '' or the request was refused, and persists only the keys the
 * hook returned onto the stored credential; `authenticate` runs a function or a generic definition.
 */
import { ExecuteContext } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentials,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { MixinKeystoreApi } from '../../credentials/MixinKeystoreApi.credentials';
import { RainbowApi } from '../../credentials/RainbowApi.credentials';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** The credentials table: what n8n would persist, with a count of writes. */
export class CredentialStore {
	private readonly rows = new Map<string, StoredCredential>();

	writes = 0;

	put(credential: StoredCredential): void {
		this.rows.set(credential.id, structuredClone(credential));
	}

	get(id: string): StoredCredential {
		const row = this.rows.get(id);
		if (!row) throw new Error(`no credential ${id}`);
		return structuredClone(row);
	}

	/** What a user does in the editor: change some fields, keep the hidden ones. */
	edit(id: string, changes: ICredentialDataDecryptedObject): void {
		const row = this.get(id);
		this.rows.set(id, { ...row, data: { ...row.data, ...changes } });
	}

	update(id: string, data: ICredentialDataDecryptedObject): void {
		this.writes++;
		const row = this.get(id);
		this.rows.set(id, { ...row, data: structuredClone(data) });
	}
}

export const credentialTypes: Record<string, ICredentialType> = {
	mixinKeystoreApi: new MixinKeystoreApi(),
	rainbowApi: new RainbowApi(),
};

function isExpression(value: unknown): boolean {
	return typeof value === 'string' && value.startsWith('=');
}

export class StoreCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (type.authenticate?.type === 'generic' && workflow && node) {
			const options = requestOptions as IHttpRequestOptions & Record<string, Record<string, string>>;
			for (const [outer, values] of Object.entries(type.authenticate.properties)) {
				options[outer] = { ...(options[outer] ?? {}) };
				for (const [key, value] of Object.entries(values as Record<string, string>)) {
					options[outer][key] = String(
						workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as never, undefined, ''),
					);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (expirable === undefined || typeof type.preAuthentication !== 'function') return undefined;
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) return undefined;

		const output = await type.preAuthentication.call({ helpers: { httpRequest: helpers.helpers.httpRequest } }, credentials);
		if (output[expirable.name] === undefined) return undefined;
		if (node.credentials) {
			const details = node.credentials[typeName];
			const storedData = this.store.get(details.id as string).data;
			const dataToPersist = { ...storedData };
			for (const [key, value] of Object.entries(output as ICredentialDataDecryptedObject)) {
				if (key === expirable.name || !isExpression(storedData[key])) dataToPersist[key] = value;
			}
			this.store.update(details.id as string, dataToPersist);
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails): Promise<ICredentials> {
		const row = this.store.get(nodeCredentials.id as string);
		return { id: row.id, name: row.name, type: row.type, getData: () => row.data } as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
	): Promise<ICredentialDataDecryptedObject> {
		return this.store.get(nodeCredentials.id as string).data;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store.update(nodeCredentials.id as string, data);
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}
}

/** A node type that only declares both credentials, for running credential code in a context. */
export const credentialProbeNode: INodeType = {
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

export interface ContextOptions {
	store: CredentialStore;
	nodeType?: INodeType;
	nodeTypeName?: string;
	parameters?: INode['parameters'];
	/** credential type → stored credential id */
	credentials?: Record<string, string>;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
}

/** A real n8n-core ExecuteContext for one node, over the given credential store. */
export function createExecuteContext(options: ContextOptions): ExecuteContext {
	const nodeType = options.nodeType ?? credentialProbeNode;
	const typeName = options.nodeTypeName ?? `test.${nodeType.description.name}`;
	const credentials: INode['credentials'] = {};
	for (const [type, id] of Object.entries(options.credentials ?? {})) {
		credentials[type] = { id, name: options.store.get(id).name };
	}
	const node: INode = {
		id: 'node-under-test',
		name: nodeType.description.defaults.name ?? 'Node',
		type: typeName,
		typeVersion: Array.isArray(nodeType.description.version)
			? Math.max(...nodeType.description.version)
			: nodeType.description.version,
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const nodeTypes: INodeTypes = {
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
	});
	const additionalData = {
		credentialsHelper: new StoreCredentialsHelper(options.store),
		executionId: 'exec-1',
		restApiUrl: 'http://127.0.0.1:1',
		webhookBaseUrl: 'http://127.0.0.1:1',
		webhookWaitingBaseUrl: 'http://127.0.0.1:1',
		formWaitingBaseUrl: 'http://127.0.0.1:1',
		webhookTestBaseUrl: 'http://127.0.0.1:1',
		instanceBaseUrl: 'http://127.0.0.1:1',
		currentNodeParameters: undefined,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const items = options.items ?? [{ json: {} }];
	const executeData: IExecuteData = { node, data: { main: [items] }, source: null };
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
