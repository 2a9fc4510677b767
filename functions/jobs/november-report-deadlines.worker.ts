import { novemberReportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R20.1: one district annual report slot's due steps per message of its work queue (issue 20). */
export const handler = fanOutWorker(novemberReportDeadlinesFanOut);
