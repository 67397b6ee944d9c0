import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const base = n8nNodesBase.configs;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['**/*.test.ts', 'test/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	// The community-package rules, without the ones that only n8n Cloud's verification needs.
	{
		...n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport,
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'],
		rules: n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport.rules,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.credentials.rules,
			// As in n8n's community starter: these check main-repository doc slugs, not full URLs.
			'n8n-nodes-base/cred-class-field-documentation-url-missing': 'off',
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...base.nodes.rules,
			// As in n8n's community starter: main-repository file-layout conventions.
			'n8n-nodes-base/node-resource-description-filename-against-convention': 'off',
			// These want the string 'main'; the current rule (community-nodes/node-connection-type-literal)
			// wants the NodeConnectionTypes enum, as n8n does today.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
	{
		files: ['package.json'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: base.community.rules,
	},
);
