'use strict';
/**
 * The build after `tsc` has type-checked the sources:
 * - `build:bundle`: esbuild bundles the credentials and nodes, with the libraries they use, into one
 *   CommonJS file, `dist/package.js`, so the published package has no runtime dependencies (n8n's
 *   installer fetches dependencies from the registry, which many n8n hosts cannot reach) and loads as
 *   one file. What it uses of `jose` (SignJWT) goes to its own file, `dist/vendor/jose.js`, loaded only
 *   when a token is signed.
 *   Each file package.json names for n8n is a one-line module taking its class from the bundle.
 *   The licences of the bundled libraries are kept in `dist/vendor/LICENSES.md`.
 * - `build:assets`: the icons and the nodes' codex files, beside the files n8n loads.
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { src, dest, task, series } = require('gulp');

const ROOT = __dirname;
const DIST = path.join(ROOT, 'dist');
const BUNDLE = path.join(DIST, 'package.js');
const JOSE = path.join(DIST, 'vendor', 'jose.js');

/** The files n8n loads, each with the class it exports (n8n looks for the class named after the file). */
function entries() {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return [...manifest.n8n.credentials, ...manifest.n8n.nodes].map((file) => ({
		file,
		className: path.basename(file).split('.')[0],
		source: `./${file.replace(/^dist\//, '').replace(/\.js$/, '')}`,
	}));
}

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none' };

/** `jose` stays out of the bundle and is loaded from its own file, on the first signature. */
const joseApart = {
	name: 'jose-apart',
	setup(build) {
		build.onResolve({ filter: /^jose$/ }, () => ({ path: `./${path.relative(DIST, JOSE)}`, external: true }));
	},
};

function licences(metafiles) {
	const packages = new Set();
	for (const metafile of metafiles) {
		for (const input of Object.keys(metafile.inputs)) {
			const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
			if (match) packages.add(match[1]);
		}
	}
	const sections = [...packages].sort().map((name) => {
		const dir = path.join(ROOT, 'node_modules', name);
		const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		const file = fs.readdirSync(dir).find((entry) => /^licen[sc]e/i.test(entry));
		const text = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : `${manifest.license} (no licence file shipped)`;
		return `## ${name} ${manifest.version} (${manifest.license})\n\n\`\`\`\n${text}\n\`\`\`\n`;
	});
	return `# Bundled libraries\n\n\`package.js\` and \`vendor/\` contain these libraries, under their own licences.\n\n${sections.join('\n')}`;
}

async function bundle() {
	const list = entries();
	const main = await esbuild.build({
		...common,
		stdin: {
			contents: list.map(({ className, source }) => `export { ${className} } from '${source}';`).join('\n'),
			resolveDir: ROOT,
			loader: 'ts',
			sourcefile: 'package.ts',
		},
		outfile: BUNDLE,
		external: ['n8n-workflow'],
		plugins: [joseApart],
		metafile: true,
	});
	// Only what the package signs with: the rest of jose (JWE, remote key sets…) is never shipped.
	const jose = await esbuild.build({
		...common,
		stdin: { contents: "export { SignJWT } from 'jose';", resolveDir: ROOT, sourcefile: 'jose-sign.js' },
		outfile: JOSE,
		metafile: true,
	});
	for (const { file, className } of list) {
		const target = path.join(ROOT, file);
		const from = path.relative(path.dirname(target), BUNDLE).split(path.sep).join('/');
		const specifier = from.startsWith('.') ? from : `./${from}`;
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, `'use strict';\nmodule.exports = { ${className}: require('${specifier}').${className} };\n`);
	}
	fs.writeFileSync(path.join(DIST, 'vendor', 'LICENSES.md'), licences([main.metafile, jose.metafile]));
}

function copyAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

task('build:bundle', bundle);
task('build:assets', copyAssets);
task('build', series('build:bundle', 'build:assets'));
