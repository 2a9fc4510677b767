import { evaluationServiceEvidence } from '#shared/application/evaluation/service-evidence.use-case';
import { httpHandler } from '#shared/http/http-handler';
import { getEvaluationServiceEvidenceRoute } from '#shared/manifest';

export const handler = httpHandler(getEvaluationServiceEvidenceRoute, async ({ principal, params, now }) => ({
  body: await evaluationServiceEvidence(principal, params.id, now),
}));
