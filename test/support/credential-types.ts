/**
 * The package's credential classes from the TypeScript sources, for the harness's CredentialsHelper
 * (plain JS, so it cannot import them itself; a script on dist/ passes the compiled ones instead).
 */
import type { ICredentialType } from 'n8n-workflow';

import { MixinApi } from '../../credentials/MixinApi.credentials';
import { MixinKeystoreApi } from '../../credentials/MixinKeystoreApi.credentials';
import { RainbowApi } from '../../credentials/RainbowApi.credentials';

export const credentialTypes: Record<string, ICredentialType> = {
	mixinApi: new MixinApi(),
	mixinKeystoreApi: new MixinKeystoreApi(),
	rainbowApi: new RainbowApi(),
};
