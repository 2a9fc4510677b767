import * as z from 'zod';

/**
 * The S3 event notification shape (only what the system reads). Keys arrive URL-encoded, with spaces as '+', as
 * S3 sends them; `objectKey` decodes them.
 */
export const S3EventSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      eventTime: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string() }),
        object: z.object({
          key: z.string(),
          size: z.number().int().nonnegative().optional(),
          eTag: z.string().optional(),
          versionId: z.string().optional(),
          sequencer: z.string().optional(),
        }),
      }),
    }),
  ),
});

export type S3EventRecord = z.infer<typeof S3EventSchema>['Records'][number];

export const objectKey = (record: S3EventRecord): string =>
  decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));

/** The inverse, used by the local runtime to deliver events in the real shape. */
export const encodeObjectKey = (key: string): string =>
  key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%20/g, '+'))
    .join('/');
