import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '#shared/http/logger';
import { objectKey, S3EventSchema } from '#shared/storage/s3-event';

/**
 * R9.4 report validation, triggered by ObjectCreated under `uploads/` in the reports bucket.
 * Foundation stage: the event is parsed and each record is handled on its own (one bad record does not stop the
 * others); the checks themselves (slot, sniffing, headings, SHA-256, quarantine) land with the reports issue.
 */
export const handler = middy<unknown, { received: number; failed: number }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const parsed = S3EventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('storage event refused', { issues: parsed.error.issues });
      return { received: 0, failed: 1 };
    }
    let failed = 0;
    for (const record of parsed.data.Records) {
      try {
        logger.info('report uploaded', {
          bucket: record.s3.bucket.name,
          key: objectKey(record),
          size: record.s3.object.size,
          implemented: false,
        });
      } catch (error) {
        failed += 1;
        logger.error('record failed', { error: error as Error });
      }
    }
    return { received: parsed.data.Records.length, failed };
  });
