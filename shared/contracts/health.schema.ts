import * as z from 'zod';

export const HealthView = /* @__PURE__ */ z
  .object({ status: z.literal('ok'), time: z.string(), version: z.string() })
  .meta({ id: 'Health' });

/** `GET /health/ready` when both stores answer; otherwise 503 NOT_READY naming the one that does not. */
export const ReadinessView = /* @__PURE__ */ z
  .object({
    status: z.literal('ready'),
    checks: z.object({ dynamodb: z.literal('ok'), s3: z.literal('ok') }),
  })
  .meta({ id: 'Readiness' });
