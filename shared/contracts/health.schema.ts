import * as z from 'zod';

export const HealthView = z
  .object({ status: z.literal('ok'), time: z.string(), version: z.string() })
  .meta({ id: 'Health' });
