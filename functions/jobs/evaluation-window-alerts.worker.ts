import { evaluationWindowAlertsFanOut } from '#shared/application/evaluation/evaluation-windows.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R16.1: one evaluation window's due alerts per message of the evaluation-window-alerts work queue (issue 20). */
export const handler = fanOutWorker(evaluationWindowAlertsFanOut);
