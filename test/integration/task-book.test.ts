import { beforeAll, describe, expect, it } from 'vitest';
import { registerContract } from '#shared/application/contracts/contracts.use-case';
import {
  confirmDocument,
  draftNeedsSurvey,
  draftTaskBook,
  readDocument,
  recordProgress,
} from '#shared/application/contracts/documents.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { DomainError } from '#shared/domain/errors';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : String(error);
  }
};

const opA = principal('operator', { org: 'org-op-a' });
const street = principal('street_office', { district: LIXIA, street: '370102008' });
const otherStreet = principal('street_office', { district: LIXIA, street: '370102009' });
const survey = { conductedOn: '2026-01-10', methods: '走访', findings: '需求' };
const items = [{ id: 'T1', category: 'child_welfare', title: '个案', target: 10, unit: '个案' }];

describe('needs survey and task book on DynamoDB Local (R8.1, R9.2)', () => {
  let contractId: string;
  beforeAll(async () => {
    await freshTables();
    const station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102008',
      address: '丙',
    });
    contractId = (await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-TB-1'))).id;
  });

  it('refuses to confirm the task book while the needs survey lacks the street office signature', async () => {
    const drafted = await draftNeedsSurvey(actor(opA), contractId, 1, undefined, survey);
    await confirmDocument(actor(opA), contractId, 'needs-survey', 1, drafted.version);
    const book = await draftTaskBook(actor(opA), contractId, 1, undefined, { items });
    expect(await codeOf(confirmDocument(actor(opA), contractId, 'task-book', 1, book.version))).toBe(
      '409 NEEDS_SURVEY_NOT_CONFIRMED',
    );
  });

  it("refuses another street's office and accepts the station's own as co-signer", async () => {
    const current = await readDocument(opA, contractId, 'needs-survey', 1);
    expect(
      await codeOf(confirmDocument(actor(otherStreet), contractId, 'needs-survey', 1, current.version)),
    ).toBe('403 OUT_OF_SCOPE');
    const signed = await confirmDocument(actor(street), contractId, 'needs-survey', 1, current.version);
    expect(signed.inEffect).toBe(true);
  });

  it('puts the task book in effect with both signatures, and records progress against it', async () => {
    const drafted = await readDocument(opA, contractId, 'task-book', 1);
    expect(
      await codeOf(recordProgress(actor(opA), contractId, 1, 'T1', { actual: 3, asOf: '2026-03-31' })),
    ).toBe('409 TASK_BOOK_NOT_IN_EFFECT');
    const half = await confirmDocument(actor(opA), contractId, 'task-book', 1, drafted.version);
    expect(half.awaiting).toEqual(['street_office']);
    const both = await confirmDocument(actor(street), contractId, 'task-book', 1, half.version);
    expect(both.inEffect).toBe(true);
    await recordProgress(actor(opA), contractId, 1, 'T1', { actual: 3, asOf: '2026-03-31' });
    const read = await readDocument(street, contractId, 'task-book', 1);
    expect((read as { completionRateBasisPoints?: number }).completionRateBasisPoints).toBe(3000);
  });

  it('needs both signatures again after a change, while the confirmed version stays in effect', async () => {
    const before = await readDocument(opA, contractId, 'task-book', 1);
    const revised = await draftTaskBook(actor(opA), contractId, 1, before.version, {
      items: [...items, { id: 'T2', category: 'elderly_services', title: '小组', target: 5, unit: '节' }],
    });
    const read = await readDocument(opA, contractId, 'task-book', 1);
    expect(read.inEffect).toBe(false);
    expect(read.awaiting).toEqual(['operator', 'street_office']);
    expect((read.effective?.content as { items: unknown[] } | undefined)?.items).toHaveLength(1);
    expect(revised.revision).toBe(2);
  });

  it('refuses a task in a prohibited category with 422 naming R8.1', async () => {
    const current = await readDocument(opA, contractId, 'task-book', 1);
    const bad = draftTaskBook(actor(opA), contractId, 1, current.version, {
      items: [{ id: 'X', category: 'confidential_matters', title: '保密文件管理', target: 1, unit: '项' }],
    });
    const error = await bad.catch((e: DomainError) => e);
    expect(error).toMatchObject({ code: 'TASK_CATEGORY_PROHIBITED', status: 422, extras: { rule: 'R8.1' } });
  });
});
