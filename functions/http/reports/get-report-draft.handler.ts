import { briefDraft } from '#shared/application/reports/brief-draft.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getReportDraftRoute } from '#shared/manifest';

export const handler = httpHandler(getReportDraftRoute, async ({ principal, params, query, now }) => ({
  body: await briefDraft(principal, params.id, query.format, now),
}));
