import { getTemplate } from '#shared/adapters/dynamodb/evaluations.repository';
import type { Principal } from '#shared/domain/access/roles';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import {
  evidencePeriod,
  type ServiceEvidence,
  serviceEvidence,
} from '#shared/domain/evaluation/service-evidence';
import { stationFacts } from '../services/service-volume.use-case';
import { readEvaluation } from './evaluations.use-case';

/**
 * The service-delivery evidence of an evaluation (issue 19 item 3): what the evaluated contract's records show of
 * the service year evaluated, for whoever reads the evaluation (its district, street office, the commissioned third
 * party, the city, auditors). The evaluator sees the figures beside the indicators they bear on; no score is computed.
 * 1. Read the evaluation within the reader's scope (403 otherwise, as `GET /evaluations/{id}`).
 * 2. The period: the service year, up to today while it runs.
 * 3. The station's records, cases and volunteer hours of those months, through its partitions; of this contract.
 * 4. The volume, the same per month, and the template's service-delivery indicators.
 */
export async function evaluationServiceEvidence(
  principal: Principal,
  id: string,
  now: Date,
): Promise<ServiceEvidence & { evaluationId: string; contractId: string; stationId: string; asOf: string }> {
  const evaluation = await readEvaluation(principal, id);
  const period = evidencePeriod(evaluation.serviceYear, shanghaiDate(now));
  const [facts, template] = await Promise.all([
    stationFacts(evaluation.stationId, period, evaluation.contractId),
    getTemplate(evaluation.templateId),
  ]);
  return {
    evaluationId: evaluation.id,
    contractId: evaluation.contractId,
    stationId: evaluation.stationId,
    asOf: now.toISOString(),
    ...serviceEvidence(facts, period, template),
  };
}
