import { NodeOperationError, type INodeProperties } from 'n8n-workflow';

import type { Operation, OperationContext, Resource } from '../../shared/operations';
import { binaryFile, type BinaryFile, binaryPropertyField, formData, rainbowOperation } from '../descriptions';

const folderPropertiesField: INodeProperties = {
	displayName: 'Input Binary Fields',
	name: 'binaryPropertyNames',
	type: 'string',
	required: true,
	default: 'data',
	placeholder: 'data, image_1, image_2',
	hint: 'The names of the input binary fields holding the files of the folder',
	description: 'Names of the binary properties of the input item to upload as one folder, separated by commas',
};

async function fileForm(c: OperationContext) {
	const file = await binaryFile(c, c.param<string>('binaryPropertyName', 'data'));
	return () => formData({}, [{ field: 'file', file }]);
}

async function folderForm(c: OperationContext) {
	const names = String(c.param<string>('binaryPropertyNames', 'data'))
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	if (names.length === 0) {
		throw new NodeOperationError(c.fn.getNode(), 'The Input Binary Fields field is empty', {
			description: 'Give the names of the binary fields holding the files, separated by commas.',
			itemIndex: c.itemIndex,
		});
	}
	const files: Array<{ field: string; file: BinaryFile }> = [];
	for (const name of names) files.push({ field: 'folder', file: await binaryFile(c, name) });
	return () => formData({}, files);
}

function upload(value: string, name: string, action: string, description: string, path: string): Operation {
	return rainbowOperation({ value, name, action, description, method: 'POST', path, fields: [binaryPropertyField], form: fileForm });
}

function uploadFolder(value: string, name: string, action: string, description: string, path: string): Operation {
	return rainbowOperation({ value, name, action, description, method: 'POST', path, fields: [folderPropertiesField], form: folderForm });
}

export const fileResource: Resource = {
	value: 'file',
	name: 'File',
	description: 'Files stored on IPFS or OSS for NFTs',
	operations: [
		rainbowOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many files',
			description: 'List the files the app uploaded',
			method: 'GET',
			path: '/v1/files/',
			paged: { noun: 'files' },
		}),
		upload('upload', 'Upload', 'Upload a file', 'Upload a file to IPFS and get its URL', '/v1/files/'),
		upload('uploadToOss', 'Upload to OSS', 'Upload a file to OSS', 'Upload a file to Rainbow\'s object storage (OSS) and get its URL', '/v1/files/oss'),
		uploadFolder('uploadFolder', 'Upload Folder', 'Upload a folder', 'Upload several files as one folder to IPFS and get the folder\'s URL', '/v1/files/folder'),
		uploadFolder(
			'uploadFolderToOss',
			'Upload Folder to OSS',
			'Upload a folder to OSS',
			'Upload several files as one folder to Rainbow\'s object storage (OSS) and get the folder\'s URL',
			'/v1/files/folder/oss',
		),
	],
};
