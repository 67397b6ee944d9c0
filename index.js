'use strict';
// Entry point for using the package from code. n8n itself loads the files listed in package.json "n8n".
module.exports = {
	...require('./dist/credentials/MixinApi.credentials'),
	...require('./dist/credentials/MixinKeystoreApi.credentials'),
	...require('./dist/credentials/RainbowApi.credentials'),
	...require('./dist/nodes/ExinOne/ExinOne.node'),
	...require('./dist/nodes/ExinOne/ExinOneTrigger.node'),
	...require('./dist/nodes/Mixin/Mixin.node'),
	...require('./dist/nodes/Rainbow/Rainbow.node'),
	...require('./dist/nodes/Rainbow/RainbowTrigger.node'),
};
