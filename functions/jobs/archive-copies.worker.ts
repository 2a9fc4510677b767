import { archiveCopiesFanOut } from '#shared/application/archives/archive-copies.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R10.1: one pending document's Object Lock copy per message of the archive-copies work queue (issue 20). */
export const handler = fanOutWorker(archiveCopiesFanOut);
