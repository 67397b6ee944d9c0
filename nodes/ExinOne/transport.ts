import type { IDataObject } from 'n8n-workflow';

import { looksLikeHtml } from '../../credentials/common/http-response';
import { EXINONE_DEFAULT_BASE_URL } from '../../credentials/exinone/constants';
import { exinOneService, fieldMessages } from '../../credentials/exinone/exinone-service';
import { apiRequest, type Api, type ApiCall, type RequestContext } from '../shared/transport';

/** ExinOne's envelope: `{code, success, message, data, timestampMs}` (+ `meta` on lists). */
export interface ExinOneEnvelope {
	code?: string | number;
	success?: boolean;
	message?: string;
	data?: unknown;
	meta?: { total?: number; count?: number; perPage?: number; currentPage?: number; nextLink?: string | null };
}

function envelope(body: unknown): ExinOneEnvelope {
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as ExinOneEnvelope) : {};
}

/**
 * ExinOne's API: success is decided on the envelope's `success` (its `code` is sometimes "0",
 * sometimes 0, and errors may come with any HTTP status); validation errors name their fields in `data`.
 */
export const exinOneApi: Api = {
	name: 'ExinOne',
	service: exinOneService,
	defaultBaseUrl: EXINONE_DEFAULT_BASE_URL,
	isRateLimited: (response) => response.statusCode === 429 || String(envelope(response.body).code) === '429',
	read(response) {
		const answer = envelope(response.body);
		if (response.statusCode >= 200 && response.statusCode < 300 && answer.success === true) {
			return { ok: true, value: answer };
		}
		const message =
			typeof answer.message === 'string' && answer.message !== ''
				? answer.message
				: looksLikeHtml(response.body)
					? 'the server answered with an HTML page instead of JSON (check the Base URL)'
					: `request failed with HTTP ${response.statusCode}`;
		const details = answer.data && typeof answer.data === 'object' && !Array.isArray(answer.data) ? (answer.data as IDataObject) : undefined;
		// Laravel puts the first field's message in `message` too: list the fields only when they add to it.
		const fields = fieldMessages(details);
		const adds = fields !== '' && !Object.values(details ?? {}).every((messages) => String(messages) === message);
		return { ok: false, error: { message: adds ? `${message} (${fields})` : message, code: answer.code, details } };
	},
};

/** The one place the ExinOne node sends requests; answers the whole envelope. */
export async function exinOneRequest(context: RequestContext, call: ApiCall, itemIndex: number): Promise<ExinOneEnvelope> {
	return (await apiRequest(context, exinOneApi, call, itemIndex)) as ExinOneEnvelope;
}
