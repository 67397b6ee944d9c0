import { EPC_ASSET_ID } from '../../../credentials/exinone/constants';
import { amountParameter, requestIdField, requestIdParameter } from '../../shared/mixin/parameters';
import type { Resource } from '../../shared/operations';
import { exinOneOperation } from '../descriptions';
import { referralRegistrationMemo } from '../memo';
import { epcAmountField, payOnce } from '../transfers';

export const referralResource: Resource = {
	value: 'referral',
	name: 'Referral',
	operations: [
		exinOneOperation({
			value: 'getStatistics',
			name: 'Get Statistics',
			action: 'Get referral statistics',
			description: 'Get the referral statistics of the logged-in user',
			method: 'GET',
			path: '/referral_statistics/me',
		}),
		{
			value: 'register',
			name: 'Register',
			action: 'Register for referrals',
			description: 'Register for referrals by an EPC transfer to the ExinOne bot with the registration memo (Mixin API credential)',
			write: true,
			fields: [epcAmountField, requestIdField],
			run: async (context) =>
				await payOnce(context, {
					...requestIdParameter(context),
					assetId: EPC_ASSET_ID,
					amount: amountParameter(context, 'epcAmount', 'EPC Amount'),
					memo: referralRegistrationMemo(),
				}),
		},
	],
};
