import { publicityClosingFanOut } from '#shared/application/evaluation/publicity.use-case';
import { fanOutWorker } from '#shared/jobs/fan-out';

/** R18.1: one due publicity notice closed per message of the publicity-closing work queue (issue 20). */
export const handler = fanOutWorker(publicityClosingFanOut);
