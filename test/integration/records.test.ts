import { beforeAll, describe, expect, it } from 'vitest';
import {
  addWorker,
  changeContractStatus,
  registerContract,
} from '#shared/application/contracts/contracts.use-case';
import {
  confirmDocument,
  draftNeedsSurvey,
  draftTaskBook,
} from '#shared/application/contracts/documents.use-case';
import {
  contractRecords,
  recordSafetyCheck,
  recordSupervision,
  stationRecords,
} from '#shared/application/contracts/records.use-case';
import { createStation, stationCompliance } from '#shared/application/stations/stations.use-case';
import type { DomainError } from '#shared/domain/errors';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms, TEST_ID_NUMBERS } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const opA = principal('operator', { org: 'org-op-a' });
const street = principal('street_office', { district: LIXIA, street: '370102010' });
const supervisor = { name: '督导甲', qualification: '高级社会工作师' };

describe('supervision and station records on DynamoDB Local (R14.1, R13)', () => {
  let stationId: string;
  let contractId: string;
  let workers: string[];
  const flag = async () =>
    (await stationCompliance(lixiaOfficial, stationId, new Date('2026-11-25T02:00:00Z'))).flags.find(
      (f) => f.code === 'SUPERVISION_LAST_MONTH',
    );

  beforeAll(async () => {
    await freshTables();
    stationId = (
      await createStation(actor(lixiaOfficial), {
        districtCode: LIXIA,
        streetCode: '370102010',
        address: '丁',
      })
    ).id;
    contractId = (await registerContract(actor(lixiaOfficial), stationId, contractTerms('LX-SV-1'))).id;
    await changeContractStatus(actor(lixiaOfficial), contractId, 1, 'active');
    workers = [];
    for (const [i, id] of TEST_ID_NUMBERS.entries()) {
      const w = await addWorker(actor(opA), contractId, {
        name: `社工${i}`,
        qualification: 'assistant',
        idNumber: id,
        startOn: '2026-01-01',
      });
      workers.push(w.id);
    }
  });

  it('flags the workers not supervised last month, by name', async () => {
    await recordSupervision(actor(opA), contractId, {
      heldOn: '2026-10-12',
      supervisor,
      workerIds: [workers[0] as string],
      minutes: 60,
      topics: ['个案'],
    });
    expect(await flag()).toMatchObject({ status: 'flag', rule: 'R14.1', detail: '社工1（0 次）' });
  });

  it('passes once every worker had a session last month', async () => {
    await recordSupervision(actor(opA), contractId, {
      heldOn: '2026-10-28',
      supervisor,
      workerIds: [workers[1] as string],
      minutes: 60,
      topics: ['小组'],
    });
    expect((await flag())?.status).toBe('ok');
    expect(await contractRecords(lixiaOfficial, contractId, 'supervision', '2026-10-01')).toHaveLength(2);
  });

  it('refuses a session for someone not on the roster', async () => {
    const error = await recordSupervision(actor(opA), contractId, {
      heldOn: '2026-11-02',
      supervisor,
      workerIds: ['01JZ0000000000000000000000'],
      minutes: 60,
      topics: ['x'],
    }).catch((e: DomainError) => e);
    expect(error).toMatchObject({ code: 'UNKNOWN_WORKER', extras: { rule: 'R14.1' } });
  });

  it('flags the current year without a task book, then awaiting the street office, then passes (R9.2)', async () => {
    const taskFlag = async () =>
      (await stationCompliance(lixiaOfficial, stationId, new Date('2026-11-25T02:00:00Z'))).flags.find(
        (f) => f.code === 'TASK_BOOK_CONFIRMED',
      );
    expect(await taskFlag()).toMatchObject({ status: 'flag', detail: '本服务年度尚无项目任务书' });
    const survey = await draftNeedsSurvey(actor(opA), contractId, 1, undefined, {
      conductedOn: '2026-01-10',
      methods: '走访',
      findings: '需求',
    });
    const s1 = await confirmDocument(actor(opA), contractId, 'needs-survey', 1, survey.version);
    await confirmDocument(actor(street), contractId, 'needs-survey', 1, s1.version);
    const book = await draftTaskBook(actor(opA), contractId, 1, undefined, {
      items: [{ id: 'T1', category: 'child_welfare', title: '个案', target: 10, unit: '个案' }],
    });
    const b1 = await confirmDocument(actor(opA), contractId, 'task-book', 1, book.version);
    expect(await taskFlag()).toMatchObject({ status: 'flag', detail: '待街道确认' });
    await confirmDocument(actor(street), contractId, 'task-book', 1, b1.version);
    expect((await taskFlag())?.status).toBe('ok');
  });

  it('records a safety check by the street office, failed when any item fails', async () => {
    const check = await recordSafetyCheck(actor(street), stationId, {
      checkedOn: '2026-11-02',
      items: [
        { item: '消防器材', ok: true },
        { item: '疏散通道', ok: false, note: '堆放杂物' },
      ],
    });
    expect(check.passed).toBe(false);
    expect(await stationRecords(lixiaOfficial, stationId, 'safety-check')).toHaveLength(1);
    const other = principal('street_office', { district: LIXIA, street: '370102011' });
    const refused = await recordSafetyCheck(actor(other), stationId, {
      checkedOn: '2026-11-02',
      items: [{ item: 'x', ok: true }],
    }).catch((e: DomainError) => e);
    expect(refused).toMatchObject({ code: 'OUT_OF_SCOPE', status: 403 });
  });
});
