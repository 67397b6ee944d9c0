'use strict';
/**
 * The build after `tsc` has type-checked the sources:
 * - `build:bundle`: esbuild bundles the credentials and nodes, with the libraries they use, into one
 *   CommonJS file, `dist/package.js`, so the published package has no runtime dependencies (n8n's
 *   installer fetches dependencies from the registry, which many n8n hosts cannot reach) and loads as
 *   one file. What it uses of `@noble/curves` and `@noble/hashes` (Ed25519 point arithmetic, BLAKE3)
 *   goes to its own file, `dist/vendor/noble.js`, loaded only when a Safe transaction is built.
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

/**
 * `@noble/hashes` reads `globalThis.crypto` for random bytes, and n8n's package scanner refuses any use
 * of `globalThis`. The package never asks noble for random bytes, but the helper is bundled with the
 * rest: it gets Node's own Web Crypto instead. Fails the build if noble's code changed shape.
 */
const NOBLE_GLOBAL_CRYPTO = "const cr = typeof globalThis === 'object' ? globalThis.crypto : null;";
const nobleWithoutGlobals = {
	name: 'noble-without-globals',
	setup(build) {
		build.onLoad({ filter: /[\\/]@noble[\\/]hashes[\\/]utils\.js$/ }, (args) => {
			const source = fs.readFileSync(args.path, 'utf8');
			if (!source.includes(NOBLE_GLOBAL_CRYPTO)) throw new Error(`${args.path}: its globalThis.crypto line changed; update gulpfile.js`);
			const contents = `import { webcrypto as nodeWebCrypto } from 'node:crypto';\n${source.replace(NOBLE_GLOBAL_CRYPTO, 'const cr = nodeWebCrypto;')}`;
			return { contents, loader: 'js' };
		});
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
		plugins: [nobleWithoutGlobals],
		metafile: true,
	});
	for (const { file, className } of list) {
		const target = path.join(ROOT, file);
		const from = path.relative(path.dirname(target), BUNDLE).split(path.sep).join('/');
		const specifier = from.startsWith('.') ? from : `./${from}`;
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(target, `'use strict';\nmodule.exports = { ${className}: require('${specifier}').${className} };\n`);
	}
	fs.mkdirSync(path.join(DIST, 'vendor'), { recursive: true });
	fs.writeFileSync(path.join(DIST, 'vendor', 'LICENSES.md'), licences([main.metafile]));
}

function copyAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(dest('dist'));
}

task('build:bundle', bundle);
task('build:assets', copyAssets);
task('build', series('build:bundle', 'build:assets'));
