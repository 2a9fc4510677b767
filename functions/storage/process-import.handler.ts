import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type ImportOutcome, processImportUpload } from '#shared/application/imports/imports.use-case';
import { now } from '#shared/clock';
import { logger } from '#shared/http/logger';
import { objectKey, S3EventSchema } from '#shared/storage/s3-event';

/**
 * Bulk import, triggered by ObjectCreated under `imports/` in the reports bucket (locally, s3rver's event through
 * this same handler): checks the file and, for a real import that passes, writes it in batches. A record that fails
 * for an unexpected reason fails the invocation so the event is retried; the work is idempotent (an import acts
 * once on its file, rows carry markers), so a retry writes nothing twice.
 */
export const handler = middy<unknown, { received: number; outcomes: ImportOutcome[] }, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const parsed = S3EventSchema.safeParse(event);
    if (!parsed.success) {
      logger.error('storage event refused', { issues: parsed.error.issues });
      return { received: 0, outcomes: [] };
    }
    const outcomes: ImportOutcome[] = [];
    for (const record of parsed.data.Records) {
      const remaining =
        typeof context?.getRemainingTimeInMillis === 'function'
          ? () => context.getRemainingTimeInMillis()
          : () => Number.POSITIVE_INFINITY;
      outcomes.push(await processImportUpload({ key: objectKey(record) }, now, remaining));
    }
    logger.info('import files processed', { outcomes });
    return { received: parsed.data.Records.length, outcomes };
  });
