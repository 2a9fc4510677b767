import { complaintHandoverDeadlinesFanOut } from '#shared/application/deadlines/complaint-handover-deadlines.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R15.1, R10.2, B4: one complaint, handover or rectification item's due steps per work message (issue 20). */
export const handler = fanOutWorker(complaintHandoverDeadlinesFanOut);
