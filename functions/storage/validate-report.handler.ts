import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { processUpload, type UploadOutcome } from '#shared/application/reports/process-upload.use-case';
import { now } from '#shared/clock';
import { logger } from '#shared/http/logger';
import { objectKey, S3EventSchema } from '#shared/storage/s3-event';

/**
 * R9.4 report validation, triggered by ObjectCreated under `uploads/` in the reports bucket (locally, s3rver's
 * event through this same handler). Each record is handled on its own: one bad file never stops the others,
 * and a record that fails for an unexpected reason is reported as failed so the event is retried; the work is
 * idempotent, so a retry or a duplicate delivery changes nothing twice.
 */
export interface ValidationSummary {
  readonly received: number;
  readonly outcomes: Record<UploadOutcome, number>;
  readonly failed: number;
}

export const handler = middy<unknown, ValidationSummary, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const outcomes: Record<UploadOutcome, number> = { passed: 0, failed: 0, duplicate: 0, unmatched: 0 };
    const parsed = S3EventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('storage event refused', { issues: parsed.error.issues });
      return { received: 0, outcomes, failed: 1 };
    }
    let failed = 0;
    for (const record of parsed.data.Records) {
      const key = objectKey(record);
      try {
        const outcome = await processUpload(
          {
            key,
            ...(record.s3.object.size !== undefined ? { size: record.s3.object.size } : {}),
            ...(record.s3.object.eTag ? { eTag: record.s3.object.eTag } : {}),
            eventTime: record.eventTime,
          },
          now(),
        );
        outcomes[outcome] += 1;
      } catch (error) {
        failed += 1;
        logger.error('report upload not processed', { key, error: error as Error });
      }
    }
    if (failed > 0) {
      // Let the asynchronous invocation retry (and then reach the failure queue); processed records are no-ops.
      throw new Error(`${failed} of ${parsed.data.Records.length} uploads not processed`);
    }
    return { received: parsed.data.Records.length, outcomes, failed };
  });
