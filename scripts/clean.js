'use strict';
// Removes the previous build so files deleted from the sources never linger in dist/ (and in the tarball).
const fs = require('node:fs');
const path = require('node:path');

fs.rmSync(path.join(__dirname, '..', 'dist'), { recursive: true, force: true });
