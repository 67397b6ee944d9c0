'use strict';
/** Local simulators of the ExinOne, NFTRainbow and Mixin Safe HTTP APIs (plain CommonJS). */
const { createClock } = require('./clock');
const { startHttpSim, createRouter, normalizePath, htmlErrorPage } = require('./http-sim');
const { parseMultipart } = require('./multipart');
const { signHs256, verifyHs256, bearerFrom } = require('./jwt');
const { startExinOneSimulator, EXINONE_AUD, toPublicKey } = require('./exinone');
const { ASSETS: EXINONE_ASSETS, seedUuid } = require('./exinone-state');
const { startRainbowSimulator } = require('./rainbow');
const { goTime } = require('./rainbow-state');
const { startMixinSimulator, membersHash, kernelAssetId, MIXIN_ASSETS, EXINONE_BOT_ID, mixinSdk } = require('./mixin');

module.exports = {
	createClock,
	startHttpSim,
	createRouter,
	normalizePath,
	htmlErrorPage,
	parseMultipart,
	signHs256,
	verifyHs256,
	bearerFrom,
	startExinOneSimulator,
	EXINONE_AUD,
	EXINONE_ASSETS,
	seedUuid,
	toPublicKey,
	startRainbowSimulator,
	goTime,
	startMixinSimulator,
	membersHash,
	kernelAssetId,
	MIXIN_ASSETS,
	EXINONE_BOT_ID,
	mixinSdk,
};
