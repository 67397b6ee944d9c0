import { NodeOperationError, type IDataObject, type INodeProperties } from 'n8n-workflow';

import { asItems, compact } from '../shared/items';
import type { Operation, OperationContext } from '../shared/operations';
import type { Page } from '../shared/paging';
import { requiredText } from '../shared/parameters';
import { restOperation, type RestApi, type RestSpec } from '../shared/rest';
import { rainbowRequest } from './transport';

/** The Rainbow node's REST operations, and the fields and readers that several resources share. */

/** A `{count, items}` list's items (or a bare list). */
function pageItems(value: unknown) {
	const items = (value as { items?: unknown })?.items ?? value;
	return Array.isArray(items) ? asItems(items) : [];
}

/** One page of a `{count, items}` list (`page` 1-based): its items, and whether `count` says more follow. */
export function rainbowPage(value: unknown, page: number, pageSize: number): Page {
	const items = pageItems(value);
	const count = Number((value as { count?: unknown })?.count);
	return { items, hasMore: Number.isFinite(count) ? page * pageSize < count : items.length === pageSize };
}

const rainbowRestApi: RestApi = {
	send: async (context, call) => await rainbowRequest(context.fn, call, context.itemIndex),
	page: rainbowPage,
	pageQuery: (page, limit) => ({ page, limit }),
	onePage: (value) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { items: pageItems(value) }),
};

/** A Rainbow REST operation: the unwrapped answer as items, lists paged with `page` (1-based) and `limit`. */
export function rainbowOperation(spec: RestSpec): Operation {
	return restOperation(spec, rainbowRestApi);
}

export const chainOptions = [
	{ name: 'Conflux', value: 'conflux', description: 'Conflux Core Space mainnet' },
	{ name: 'Conflux Testnet', value: 'conflux_test', description: 'Conflux Core Space testnet' },
];

export const chainField: INodeProperties = {
	displayName: 'Chain',
	name: 'chain',
	type: 'options',
	options: chainOptions,
	default: 'conflux_test',
	description: 'The Conflux network to act on',
};

export const contractTypeOptions = [
	{ name: 'ERC-1155', value: 'erc1155' },
	{ name: 'ERC-721', value: 'erc721' },
];

export const contractTypeField: INodeProperties = {
	displayName: 'Contract Type',
	name: 'contractType',
	type: 'options',
	options: contractTypeOptions,
	default: 'erc721',
	description: 'The token standard of the contract',
};

/** What every transfer and burn names: the network, the contract and its standard. */
export function contractTarget(context: OperationContext): IDataObject {
	return {
		chain: context.param('chain'),
		contract_address: requiredText(context, 'contractAddress', 'Contract Address'),
		contract_type: context.param('contractType'),
	};
}

/** A Conflux address field (base32 like cfxtest:aa…). */
export function addressField(name: string, displayName: string, description: string, required = true): INodeProperties {
	return {
		displayName,
		name,
		type: 'string',
		required,
		default: '',
		placeholder: 'cfxtest:acc7uawf5ubtnmezvhu9dhc6sghea0403ywjz6wtpg',
		description,
	};
}

export const contractAddressField = addressField('contractAddress', 'Contract Address', 'Address of the NFT contract');

/**
 * Parameter names say "nft" where Rainbow's API says "token": n8n masks any parameter whose name holds
 * "token" as a secret, and a token ID or URI is public chain data. `apiNames` turns them back.
 */
const API_NAMES: Record<string, string> = { nft_id: 'token_id', ignore_nft_ids: 'ignore_token_ids' };

/** Field values with Rainbow's own key names (`nft_id` → `token_id`, …). */
export function apiNames(values: IDataObject): IDataObject {
	return Object.fromEntries(Object.entries(values).map(([key, value]) => [API_NAMES[key] ?? key, value]));
}

/** Token IDs are uint256: text, so that no digit is lost. */
export const tokenIdField: INodeProperties = {
	displayName: 'Token ID',
	name: 'nftId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '1',
	description: 'ID of the token in the contract, as a decimal string (token IDs can exceed what a number field holds)',
};

/** The numeric ID Rainbow gives a task or record (mint, transfer, burn, contract, transaction). */
export function idField(name: string, displayName: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', placeholder: '42', description };
}

export const amountField: INodeProperties = {
	displayName: 'Amount',
	name: 'amount',
	type: 'number',
	typeOptions: { minValue: 1, numberPrecision: 0 },
	default: 1,
	description: 'How many tokens; only ERC-1155 takes more than 1',
};

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	hint: 'The name of the input binary field containing the file to be uploaded',
	description: 'Name of the binary property of the input item that holds the file',
};

/** Metadata attributes (`models.ExposedMetadataAttribute`), as a list the user fills or maps. */
export const attributesField: INodeProperties = {
	displayName: 'Attributes',
	name: 'attributes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Attribute',
	default: {},
	description: 'Traits of the NFT shown by marketplaces',
	options: [
		{
			displayName: 'Attribute',
			name: 'attribute',
			values: [
				{ displayName: 'Trait Type', name: 'trait_type', type: 'string', default: '', description: 'Name of the trait, e.g. Color' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Value of the trait, e.g. Blue' },
				{ displayName: 'Display Type', name: 'display_type', type: 'string', default: '', description: 'How marketplaces display the value, e.g. number or date' },
				{ displayName: 'Attribute Name', name: 'attribute_name', type: 'string', default: '', description: 'Rainbow\'s own name of the attribute, if any' },
			],
		},
	],
};

/** The rows of a fixedCollection with multiple values (`{row: [...]}`), or []. */
export function rows(value: unknown, row: string): IDataObject[] {
	const list = (value as IDataObject | undefined)?.[row];
	return Array.isArray(list) ? (list as IDataObject[]).map(apiNames) : [];
}

/** Attributes rows without their empty values. */
export function attributes(value: unknown): IDataObject[] {
	return rows(value, 'attribute').map((entry) =>
		compact(entry),
	);
}

/** A list of addresses given as text (commas, spaces or new lines between them) or as an array from an expression. */
export function addressList(context: OperationContext, name: string, label: string): string[] {
	const value = context.param<unknown>(name, '');
	const list = (Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/))
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	if (list.length === 0) {
		throw new NodeOperationError(context.fn.getNode(), `The ${label} field is empty`, {
			description: 'Give at least one address, separated by commas or new lines.',
			itemIndex: context.itemIndex,
		});
	}
	return list;
}

/** A binary property of the item as a file part: name, type and bytes, read once. */
export async function binaryFile(context: OperationContext, propertyName: string) {
	const { fn, itemIndex } = context;
	const binary = fn.helpers.assertBinaryData(itemIndex, propertyName);
	const bytes = await fn.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const mimeType = binary.mimeType || 'application/octet-stream';
	const fileName = binary.fileName || `${propertyName}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	return { bytes, mimeType, fileName };
}

export type BinaryFile = Awaited<ReturnType<typeof binaryFile>>;

/** A fresh FormData with text fields and file parts: native FormData and Blob, sent by n8n as multipart. */
export function formData(fields: Record<string, string>, files: Array<{ field: string; file: BinaryFile }>): FormData {
	const form = new FormData();
	for (const [key, value] of Object.entries(fields)) form.append(key, value);
	for (const { field, file } of files) form.append(field, new Blob([file.bytes], { type: file.mimeType }), file.fileName);
	return form;
}
