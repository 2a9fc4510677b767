import { rectificationKeys } from '#shared/adapters/dynamodb/rectification.repository';
import { byId, type FanOut } from '#shared/jobs/fan-out';
import { runComplaintSteps } from '../complaints/complaints.use-case';
import { runHandoverSteps } from '../handover/handover.use-case';
import { runRectificationSteps } from '../rectification/rectification.use-case';

/**
 * Issue 20: the complaint-handover-deadlines job's fan-out over its three byDue partitions, read one after the
 * other with a checkpoint each: R15.1 complaint deadlines (`DUE#COMPLAINT`), R10.2 handover deadlines
 * (`DUE#HANDOVER`) and B4 rectification deadlines (`DUE#RECTIFICATION`). A message names its partition, so the
 * one worker acts on a complaint, a handover or a rectification item with the same use case the job ran in line.
 */
export const complaintHandoverDeadlinesFanOut: FanOut = {
  jobId: 'complaint-handover-deadlines',
  partitions: [
    byId('DUE#COMPLAINT', runComplaintSteps),
    byId('DUE#HANDOVER', runHandoverSteps),
    byId(rectificationKeys.duePartition, runRectificationSteps),
  ],
};
