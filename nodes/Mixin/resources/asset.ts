import type { Resource } from '../../shared/operations';
import { requiredUuid } from '../../shared/parameters';
import { requestTimeout } from '../../shared/request-options';
import { MixinClient } from '../../shared/mixin/api';
import { balances } from '../../shared/mixin/outputs';

/** Balances: Mixin has no balance endpoint; each is summed from the bot's unspent outputs, every page. */
export const assetResource: Resource = {
	value: 'asset',
	name: 'Asset',
	description: "The bot's balances",
	operations: [
		{
			value: 'getBalances',
			name: 'Get Balances',
			action: 'Get every balance',
			description: 'Every asset the bot holds, its amount summed from its unspent outputs',
			run: async (context) => await balances(await MixinClient.open(context.fn, context.itemIndex, requestTimeout(context))),
		},
		{
			value: 'getBalance',
			name: 'Get Balance',
			action: 'Get the balance of an asset',
			description: 'How much of one asset the bot holds (0 when none)',
			fields: [
				{
					displayName: 'Asset ID',
					name: 'assetId',
					type: 'string',
					required: true,
					default: '',
					placeholder: '4d8c508b-91c5-375b-92b0-ee702ed2dac5',
					description: 'Mixin asset ID (UUID) of the asset, e.g. USDT (ERC-20) 4d8c508b-91c5-375b-92b0-ee702ed2dac5',
				},
			],
			run: async (context) => {
				const assetId = requiredUuid(context, 'assetId', 'Asset ID');
				const client = await MixinClient.open(context.fn, context.itemIndex, requestTimeout(context));
				return (await balances(client, assetId))[0];
			},
		},
	],
};
