'use strict';
const { src, dest, task } = require('gulp');

// tsc compiles the code; the icons and the nodes' codex files are copied beside it, where n8n looks for them.
function copyAssets() {
	return src(['nodes/**/*.svg', 'nodes/**/*.node.json'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

task('build:assets', copyAssets);
