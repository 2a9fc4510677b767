import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FieldCrypto,
  type KeyProvider,
  localKeyProvider,
  resetFieldCrypto,
} from '#shared/adapters/crypto/field-crypto';
import { queryAudit } from '#shared/adapters/dynamodb/audit.repository';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { getComplaint } from '#shared/adapters/dynamodb/complaints.repository';
import { keys } from '#shared/adapters/dynamodb/keys';
import { GetCommand, PutCommand, ScanCommand } from '#shared/adapters/dynamodb/store-client';
import {
  acknowledgeComplaint,
  fileComplaint,
  listComplaints,
  readComplaint,
  runComplaintDeadlines,
} from '#shared/application/complaints/complaints.use-case';
import {
  addWorker,
  changeContractStatus,
  contractRoster,
  registerContract,
  revealWorker,
  updateWorker,
} from '#shared/application/contracts/contracts.use-case';
import { createStation, stationCompliance } from '#shared/application/stations/stations.use-case';
import { tableName } from '#shared/config';
import { systemActor } from '#shared/domain/audit/audit-record';
import type { Worker } from '#shared/domain/contracts/roster';
import { DomainError } from '#shared/domain/errors';
import type { Station } from '#shared/domain/stations/station';
import { actor, cityOfficial, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms, testIdNumber } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

/**
 * PIPL on DynamoDB Local: the roster's ID-card numbers and phones and the complainant's name and contact are sealed
 * before they are stored (the raw items hold only masked forms and `enc:v1:` envelopes bound to their record);
 * lists, compliance, updates and the deadline job work without the key; the full values are opened only for the
 * callers allowed to see them, and each such read is an audit record that names the fields, never the values.
 */
const ID_A = '370102198807153518';
const ID_B = '370102199203224529';
const PHONE_A = '13912873465';
const PHONE_B = '15067341928';
const FILER = { name: '欧阳测试', contact: '18645092731' };
const SEALED = /^enc:v1:l\.[A-Za-z0-9_-]+(:[A-Za-z0-9_-]+){3}$/;
const PLAIN = [ID_A, ID_B, PHONE_A, PHONE_B, FILER.name, FILER.contact];

const opA = principal('operator', { org: 'org-op-a' });
const opB = principal('operator', { org: 'org-op-b' });
const street = principal('street_office', { district: LIXIA, street: '370102009' });
const now = new Date('2026-11-25T02:00:00Z');

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof DomainError ? `${error.status} ${error.code}` : (error as Error).name;
  }
};

/** The master key of a function: its calls counted; `seal: false` or `open: false` as on AWS without the grant. */
const master = localKeyProvider(randomBytes(32));
const calls = { generate: 0, decrypt: 0 };
const functionWith = (grants: { seal?: boolean; open?: boolean }): FieldCrypto => {
  const provider: KeyProvider = {
    generateDataKey: () => {
      if (!grants.seal) throw new Error('AccessDenied: kms:GenerateDataKey');
      calls.generate += 1;
      return master.generateDataKey();
    },
    decryptDataKey: (ref) => {
      if (!grants.open) throw new Error('AccessDenied: kms:Decrypt');
      calls.decrypt += 1;
      return master.decryptDataKey(ref);
    },
  };
  // A fresh instance: nothing sealed earlier in this process is still in its key cache.
  return new FieldCrypto(provider);
};
const asFunction = (grants: { seal?: boolean; open?: boolean }) => resetFieldCrypto(functionWith(grants));

const rawItem = async (key: Record<string, string>) =>
  (await documentClient().send(new GetCommand({ TableName: tableName('main'), Key: key }))).Item ?? {};
const scan = async (table: 'main' | 'audit') =>
  JSON.stringify((await documentClient().send(new ScanCommand({ TableName: tableName(table) }))).Items);

describe('personal data sealed at field level, masked in lists, every full read audited', () => {
  let station: Station;
  let contractId: string;
  let worker: Worker;

  beforeAll(async () => {
    await freshTables();
    station = await createStation(actor(lixiaOfficial), {
      districtCode: LIXIA,
      streetCode: '370102009',
      address: '丙',
    });
    contractId = (await registerContract(actor(lixiaOfficial), station.id, contractTerms('LX-2026-PII'))).id;
    await changeContractStatus(actor(lixiaOfficial), contractId, 1, 'active');
  });
  afterAll(() => resetFieldCrypto());

  describe('the roster', () => {
    it('stores the ID-card number and phone sealed and bound to the worker, besides their masked forms only', async () => {
      asFunction({ seal: true });
      worker = await addWorker(actor(opA), contractId, {
        name: '张测试',
        qualification: 'intermediate',
        idNumber: ID_A,
        phone: PHONE_A,
        startOn: '2026-01-01',
      });
      expect(worker).toMatchObject({ idNumber: '370102********3518', phone: '139****3465' });
      const item = await rawItem(keys.worker(station.id, contractId, worker.id));
      expect(item).toMatchObject({ idNumber: '370102********3518', phone: '139****3465' });
      expect(item.sealed.idNumber).toMatch(SEALED);
      expect(item.sealed.phone).toMatch(SEALED);
      const raw = JSON.stringify(item);
      for (const form of [ID_A, ID_A.slice(0, 17), ID_A.slice(6), PHONE_A, PHONE_A.slice(3)]) {
        expect(raw).not.toContain(form);
      }
      expect(calls.decrypt).toBe(0);
    });

    it('lists and judges compliance with no key at all: nothing is opened', async () => {
      const newcomer = {
        name: '李测试',
        qualification: 'assistant' as const,
        idNumber: ID_B,
        startOn: '2026-01-01',
      };
      asFunction({});
      // Adding needs the key: a function without it stores nothing, as on AWS.
      expect(await codeOf(addWorker(actor(opA), contractId, newcomer))).toBe('Error');
      asFunction({ seal: true });
      await addWorker(actor(opA), contractId, newcomer);
      asFunction({});
      const roster = await contractRoster(lixiaOfficial, contractId);
      expect(roster.map((w) => w.idNumber).sort()).toEqual(['370102********3518', '370102********4529']);
      expect(JSON.stringify(roster)).not.toMatch(/enc:v1|sealed/);
      for (const form of PLAIN) expect(JSON.stringify(roster)).not.toContain(form);
      expect((await stationCompliance(lixiaOfficial, station.id, now)).flags.length).toBeGreaterThan(0);
    });

    it('reveals the full values to the employer and the purchasing district only, recording each read', async () => {
      asFunction({ open: true });
      expect(await revealWorker(actor(opA), contractId, worker.id)).toMatchObject({
        id: worker.id,
        idNumber: ID_A,
        phone: PHONE_A,
      });
      expect(await revealWorker(actor(lixiaOfficial), contractId, worker.id)).toMatchObject({
        idNumber: ID_A,
      });
      for (const other of [cityOfficial, street, opB, principal('auditor', { district: LIXIA })]) {
        expect(await codeOf(revealWorker(actor(other), contractId, worker.id)), other.username).toMatch(
          /^403 /,
        );
      }
      const reads = (await queryAudit({ entityType: 'worker', entityId: worker.id }, 20)).items.filter(
        (r) => r.action === 'worker.reveal-personal-data',
      );
      expect(reads.map((r) => r.actor.sub).sort()).toEqual([lixiaOfficial.sub, opA.sub].sort());
      expect(reads[0]).toMatchObject({
        entity: { type: 'worker', id: worker.id },
        scope: { district: LIXIA, street: '370102009' },
        after: { fields: ['idNumber', 'phone'] },
        requestId: 'test-request',
      });
    });

    it('seals a new phone without opening the sealed ID-card number', async () => {
      const before = await rawItem(keys.worker(station.id, contractId, worker.id));
      asFunction({ seal: true });
      const updated = await updateWorker(actor(opA), contractId, worker.id, { version: 1, phone: PHONE_B });
      expect(updated.phone).toBe('150****1928');
      const after = await rawItem(keys.worker(station.id, contractId, worker.id));
      expect(after.sealed.idNumber).toBe(before.sealed.idNumber);
      expect(after.sealed.phone).not.toBe(before.sealed.phone);
      expect(JSON.stringify(after)).not.toContain(PHONE_B);
      asFunction({ open: true });
      expect(await revealWorker(actor(opA), contractId, worker.id)).toMatchObject({
        idNumber: ID_A,
        phone: PHONE_B,
      });
    });

    it('does not open a sealed value copied into another worker’s record', async () => {
      asFunction({ seal: true });
      const other = await addWorker(actor(opA), contractId, {
        name: '王测试',
        qualification: 'assistant',
        idNumber: testIdNumber(7),
        startOn: '2026-02-01',
      });
      const source = await rawItem(keys.worker(station.id, contractId, worker.id));
      const target = await rawItem(keys.worker(station.id, contractId, other.id));
      await documentClient().send(
        new PutCommand({
          TableName: tableName('main'),
          Item: { ...target, sealed: { idNumber: source.sealed.idNumber } },
        }),
      );
      asFunction({ open: true });
      expect(await codeOf(revealWorker(actor(opA), contractId, other.id))).toBe('FieldCryptoError');
    });
  });

  describe('complaints', () => {
    let complaintId: string;

    it('stores the filer’s name and contact sealed and bound to the complaint', async () => {
      asFunction({ seal: true });
      await fileComplaint(now, { stationId: station.id, content: '活动室周末不开放', ...FILER });
      asFunction({});
      const [listed] = await listComplaints(lixiaOfficial, { district: LIXIA });
      complaintId = listed?.id as string;
      expect(listed).toMatchObject({ filer: { given: true } });
      for (const form of PLAIN) expect(JSON.stringify(listed)).not.toContain(form);
      const item = await rawItem({ pk: `COMPLAINT#${complaintId}`, sk: 'COMPLAINT' });
      expect(item.filer).toEqual({ sealed: expect.stringMatching(SEALED) });
      expect(JSON.stringify(item)).not.toContain(FILER.name);
      expect(JSON.stringify(item)).not.toContain(FILER.contact);
    });

    it('reveals them to the district handling it, recording the read; the city reads the complaint masked', async () => {
      asFunction({});
      const masked = await readComplaint(actor(cityOfficial), complaintId);
      expect(masked.filer).toEqual({ given: true });
      asFunction({ open: true });
      const full = await readComplaint(actor(lixiaOfficial), complaintId);
      expect(full.filer).toEqual(FILER);
      expect(full).not.toHaveProperty('trackingHash');
      const reads = (await queryAudit({ entityType: 'complaint', entityId: complaintId }, 20)).items.filter(
        (r) => r.action === 'complaint.reveal-personal-data',
      );
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        actor: { sub: lixiaOfficial.sub },
        after: { fields: ['name', 'contact'] },
      });
    });

    it('acknowledges and runs the deadline job with no key, keeping the sealed details as they were', async () => {
      const before = (await getComplaint(complaintId))?.filer;
      asFunction({});
      const ack = await acknowledgeComplaint(actor(lixiaOfficial), complaintId, 1);
      expect(ack.filer).toEqual({ given: true });
      expect(await runComplaintDeadlines('2026-12-31', systemActor(now))).toEqual({
        examined: 1,
        acted: 1,
        failed: 0,
      });
      expect((await getComplaint(complaintId))?.filer).toEqual(before);
      asFunction({ open: true });
      expect((await readComplaint(actor(lixiaOfficial), complaintId)).filer).toEqual(FILER);
    });
  });

  it('leaves no plaintext in either table: items and audit records', async () => {
    const [main, audit] = await Promise.all([scan('main'), scan('audit')]);
    for (const form of PLAIN) {
      expect(main).not.toContain(form);
      expect(audit).not.toContain(form);
    }
    expect(audit).toContain('reveal-personal-data');
  });
});
