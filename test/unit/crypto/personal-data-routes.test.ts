import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PERSONAL_DATA_JOBS,
  PERSONAL_DATA_ROUTES,
  type PersonalDataUse,
} from '#shared/adapters/crypto/personal-data-routes';
import {
  type JobDefinition,
  jobs,
  type RouteDefinition,
  routes,
  seedHandler,
  triggers,
} from '#shared/manifest';

const root = new URL('../../../', import.meta.url).pathname;

/**
 * The use cases that seal personal data (need kms:GenerateDataKey on AWS) and those that open it for the caller
 * (kms:Decrypt and an audit append). A handler calling one of them must be declared in PERSONAL_DATA_ROUTES, or its
 * function holds no key and fails in Lambda; a declared handler must call one, or it holds a key it does not use.
 */
const SEALING = [
  'addWorker',
  'updateWorker',
  'fileComplaint',
  'lodgeObjection',
  'writeSettings',
  'registerRecipient',
  'updateRecipient',
  'registerVolunteer',
];
const REVEALING = [
  'readComplaint',
  'revealWorker',
  'revealObjectionContact',
  'revealRecipient',
  'createExport',
];
/** Opens a party's phone to send it an SMS, inside the sending function only (in line, or the job's worker). */
const OPENING_TO_SEND = ['runNoticeDelivery', 'noticeDeliveryFanOut'];

/** The names a handler imports from the application layer. */
const applicationImports = (handler: string): string[] =>
  [
    ...readFileSync(join(root, handler), 'utf8').matchAll(
      /import\s*{([^}]*)}\s*from\s*'#shared\/application\/[^']+'/g,
    ),
  ]
    .flatMap((m) => (m[1] as string).split(','))
    .map((name) => name.trim().split(/\s+as\s+/)[0] as string)
    .filter(Boolean);

const useOf = (handler: string): PersonalDataUse | undefined => {
  const names = applicationImports(handler);
  if (names.some((n) => REVEALING.includes(n) || OPENING_TO_SEND.includes(n))) return 'reveal';
  if (names.some((n) => SEALING.includes(n))) return 'seal';
  return undefined;
};

describe('which functions hold the field key', () => {
  it('declares exactly the routes whose handlers seal or reveal personal data, with what they do', () => {
    const used = Object.fromEntries(
      (Object.entries(routes) as [string, RouteDefinition][])
        .map(([id, route]) => [id, useOf(route.handler)] as const)
        .filter(([, use]) => use !== undefined),
    );
    expect(used).toEqual(PERSONAL_DATA_ROUTES);
  });

  it("gives it to the notice-delivery job's worker alone among the jobs (it opens phones to send SMS)", () => {
    const modules = (Object.values(jobs) as JobDefinition[]).flatMap((job) => [
      job.handler,
      ...(job.fanOut ? [job.fanOut.worker] : []),
    ]);
    expect(modules.filter((m) => useOf(m))).toEqual([jobs['notice-delivery'].fanOut.worker]);
    expect(useOf(jobs['notice-delivery'].fanOut.worker)).toBe(PERSONAL_DATA_JOBS['notice-delivery']);
    // Its dispatcher only hands deliveries on.
    expect(useOf(jobs['notice-delivery'].handler)).toBeUndefined();
  });

  it('leaves the storage trigger and the seed without it: they pass sealed values through', () => {
    const handlers = [...Object.values(triggers).map((t) => t.handler), seedHandler];
    expect(handlers.filter((h) => useOf(h))).toEqual([]);
  });
});
