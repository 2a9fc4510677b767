/**
 * What the readiness probe (./readiness.ts) reads: one key of the main table and one object key of the reports
 * bucket, neither ever written. The CDK app grants the probe's function exactly these (infra/stacks/routes-stack.ts).
 */
export const READINESS_PROBE = {
  key: { pk: 'READINESS', sk: 'PROBE' },
  objectKey: 'readiness/probe',
} as const;
