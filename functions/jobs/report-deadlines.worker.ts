import { reportDeadlinesFanOut } from '#shared/application/reports/report-deadlines.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R9.3 with B1: one slot's due steps per message of the report-deadlines work queue (issue 20). */
export const handler = fanOutWorker(reportDeadlinesFanOut);
