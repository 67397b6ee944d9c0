import type { IDataObject } from 'n8n-workflow';

import type { Resource } from '../../shared/operations';
import { pathPart } from '../../shared/parameters';
import { attributes, attributesField, rainbowOperation } from '../descriptions';

export const metadataResource: Resource = {
	value: 'metadata',
	name: 'Metadata',
	description: 'NFT metadata stored by Rainbow',
	operations: [
		rainbowOperation({
			value: 'create',
			name: 'Create',
			action: 'Create NFT metadata',
			description: 'Store NFT metadata and get its URI, to mint with',
			method: 'POST',
			path: '/v1/metadata/',
			fields: [
				{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', description: 'Name of the NFT' },
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					typeOptions: { rows: 2 },
					required: true,
					default: '',
					description: 'Description of the NFT',
				},
				{
					displayName: 'Image URL',
					name: 'image',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'https://nftrainbow.mypinata.cloud/ipfs/Qm…',
					description: 'URL of the NFT\'s image, e.g. the file URL of an upload',
				},
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [
						{
							displayName: 'Animation URL',
							name: 'animation_url',
							type: 'string',
							default: '',
							description: 'URL of a multimedia attachment (video, audio, 3D model)',
						},
						attributesField,
						{
							displayName: 'External Link',
							name: 'external_link',
							type: 'string',
							default: '',
							description: 'URL of a page about the NFT',
						},
					],
				},
			],
			body: (c) => {
				const { attributes: rows, ...extra } = c.param<IDataObject>('additionalFields', {});
				const list = attributes(rows);
				return {
					name: c.param('name'),
					description: c.param('description'),
					image: c.param('image'),
					...extra,
					...(list.length > 0 ? { attributes: list } : {}),
				};
			},
		}),
		rainbowOperation({
			value: 'get',
			name: 'Get',
			action: 'Get NFT metadata',
			description: 'Get one metadata record by its metadata ID',
			method: 'GET',
			path: (c) => `/v1/metadata/${pathPart(c, 'metadataId', 'Metadata ID')}`,
			fields: [
				{
					displayName: 'Metadata ID',
					name: 'metadataId',
					type: 'string',
					required: true,
					default: '',
					placeholder: '5d3ee0b1e9f24e0f8a1bd1b5b0c2f2a7',
					description: 'The metadata_ID Rainbow returned when the metadata was created',
				},
			],
		}),
		rainbowOperation({
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many NFT metadata',
			description: 'List the metadata records of the app',
			method: 'GET',
			path: '/v1/metadata/',
			paged: { noun: 'records' },
		}),
	],
};
