'use strict';
const { src, dest, task } = require('gulp');

// tsc compiles the code; the icons (and nothing else) are copied beside it so n8n finds `file:` icons.
function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(dest('dist'));
}

task('build:icons', copyIcons);
