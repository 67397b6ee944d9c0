/** The Rainbow node's file resource (nodes/Rainbow/resources/file.ts): listing, and uploads as multipart. */
import { PAGE_1, useRainbowNode } from '../../support/rainbow-node';
import { binaryItem, expectPaired, jsonOf } from '../../support/run-node';

const env = useRainbowNode();
const { run } = env;

describe('file', () => {
	const png = { bytes: Buffer.from('\x89PNG\r\n\x1a\n-binary-\x00\xff', 'latin1'), fileName: 'logo.png', mimeType: 'image/png' };
	const txt = { bytes: Buffer.from('hello, folder'), fileName: 'readme.txt', mimeType: 'text/plain' };

	test('getMany lists the files', async () => {
		const output = await run({ resource: 'file', operation: 'getMany' });
		expect(env.only()).toMatchObject({ method: 'GET', path: '/v1/files/', query: PAGE_1 });
		expect(output.map((item) => item.json.file_name)).toEqual(['seed-3.png', 'seed-2.png', 'seed-1.png']);
	});

	test.each([
		['upload', '/v1/files/', /ipfs/],
		['uploadToOss', '/v1/files/oss', /aliyuncs/],
	])('%s sends the binary as the multipart part "file" with its bytes and name', async (operation, path, url) => {
		const output = await run({ resource: 'file', operation, binaryPropertyName: 'data' }, { items: [binaryItem({ data: png })] });
		const request = env.only();
		expect(request).toMatchObject({ method: 'POST', path });
		expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		expect(request.multipart?.files).toHaveLength(1);
		expect(request.multipart?.files[0]).toMatchObject({ field: 'file', filename: 'logo.png', contentType: 'image/png', size: png.bytes.length });
		expect(Buffer.compare(request.multipart!.files[0].data, png.bytes)).toBe(0);
		expect(jsonOf(output)).toEqual([{ file_name: 'logo.png', file_size: png.bytes.length, file_type: 'image/png', file_url: expect.stringMatching(url) }]);
		expectPaired(output);
	});

	test.each([
		['uploadFolder', '/v1/files/folder', /ipfs/],
		['uploadFolderToOss', '/v1/files/folder/oss', /aliyuncs/],
	])('%s sends each named binary as a multipart part "folder"', async (operation, path, url) => {
		const output = await run(
			{ resource: 'file', operation, binaryPropertyNames: 'data, notes' },
			{ items: [binaryItem({ data: png, notes: txt })] },
		);
		const request = env.only();
		expect(request).toMatchObject({ method: 'POST', path });
		expect(request.multipart?.files.map((f) => [f.field, f.filename, f.contentType])).toEqual([
			['folder', 'logo.png', 'image/png'],
			['folder', 'readme.txt', 'text/plain'],
		]);
		expect(request.multipart!.files[1].data.toString()).toBe('hello, folder');
		expect(jsonOf(output)).toEqual([{ file_num: 2, folder_url: expect.stringMatching(url) }]);
	});
});
