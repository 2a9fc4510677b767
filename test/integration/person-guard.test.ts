import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENCRYPTION_CONTEXT,
  FieldCryptoError,
  localKeyProvider,
  PERSON_DIGEST_CONTEXT,
} from '#shared/adapters/crypto/field-crypto';
import {
  digestUnder,
  loadPersonDigestKey,
  personDigest,
  resetPersonDigest,
} from '#shared/adapters/crypto/person-digest';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { DeleteCommand, GetCommand } from '#shared/adapters/dynamodb/store-client';
import {
  addWorker,
  changeContractStatus,
  contractRoster,
  registerContract,
  updateWorker,
} from '#shared/application/contracts/contracts.use-case';
import { registerRecipient } from '#shared/application/recipients/recipients.use-case';
import { createStation } from '#shared/application/stations/stations.use-case';
import { tableName } from '#shared/config';
import { DomainError } from '#shared/domain/errors';
import { actor, LIXIA, lixiaOfficial, principal } from '#test/helpers/actors';
import { contractTerms, testIdNumber } from '#test/helpers/contracts';
import { freshTables } from '#test/helpers/tables';

const opA = principal('operator', { org: 'org-op-a' });
const at = (iso: string) => actor(opA, new Date(iso));

/** The code, status and words of a refusal. */
async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError)
      return { status: error.status, code: error.code, title: error.title, detail: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

const storedKey = async () =>
  (
    await documentClient().send(
      new GetCommand({ TableName: tableName('main'), Key: keys.personDigestKey(), ConsistentRead: true }),
    )
  ).Item;

/**
 * People named by a keyed digest (shared/adapters/crypto/person-digest.ts) on DynamoDB Local, and the guards built
 * on it: one person once on a contract's roster at a time (R9.1: staffing would count them twice) and once on a
 * station's register (the people served would be counted twice).
 */
describe('person digest and the roster and register guards', () => {
  let stationId: string;
  let contractId: string;

  beforeAll(async () => {
    await freshTables();
    resetPersonDigest();
    stationId = (
      await createStation(actor(lixiaOfficial), {
        districtCode: LIXIA,
        streetCode: '370102011',
        address: '戊',
      })
    ).id;
    contractId = (await registerContract(actor(lixiaOfficial), stationId, contractTerms('LX-PG-1'))).id;
    await changeContractStatus(actor(lixiaOfficial), contractId, 1, 'active');
  });
  afterAll(() => resetPersonDigest());

  it('makes one key per deployment, stores it only wrapped, and agrees on it when processes start together', async () => {
    const masterBytes = randomBytes(32);
    const master = localKeyProvider(masterBytes, PERSON_DIGEST_CONTEXT);
    const keysLoaded = await Promise.all([1, 2, 3, 4].map(() => loadPersonDigestKey(master)));
    for (const k of keysLoaded) expect(k.equals(keysLoaded[0] as Buffer)).toBe(true);
    const item = await storedKey();
    expect(item?.keyRef).toMatch(/^l\./);
    expect(JSON.stringify(item)).not.toContain((keysLoaded[0] as Buffer).toString('base64'));
    expect(JSON.stringify(item)).not.toContain((keysLoaded[0] as Buffer).toString('hex'));
    // Opened again later (a new process), it is the same key.
    expect((await loadPersonDigestKey(master)).equals(keysLoaded[0] as Buffer)).toBe(true);
    // The wrap names its purpose: the same master key for personal data does not open it.
    const forPersonalData = localKeyProvider(masterBytes, ENCRYPTION_CONTEXT);
    await expect(forPersonalData.decryptDataKey(item?.keyRef as string)).rejects.toBeInstanceOf(
      FieldCryptoError,
    );
    // This test's key goes; the process's own (the runtime's local master key) is made by the next use.
    await documentClient().send(
      new DeleteCommand({ TableName: tableName('main'), Key: keys.personDigestKey() }),
    );
  });

  it('names a person by a keyed digest: not the unkeyed SHA-256 of the number, another under another key', () => {
    const id = testIdNumber(1);
    const one = digestUnder(randomBytes(32));
    const other = digestUnder(randomBytes(32));
    expect(one(id)).toMatch(/^[0-9a-f]{32}$/);
    expect(one(id)).toBe(one(id));
    expect(one(id)).not.toBe(other(id));
    expect(one(id)).not.toBe(createHash('sha256').update(id).digest('hex').slice(0, 32));
    expect(one('张三', '13800000000')).not.toBe(one('张三1', '3800000000'));
  });

  it('puts a person on a contract roster once at a time, and again after they left', async () => {
    const first = await addWorker(at('2026-03-01T02:00:00Z'), contractId, {
      name: '张社工',
      qualification: 'assistant',
      idNumber: testIdNumber(2),
      startOn: '2026-03-01',
    });
    const twice = await refusal(
      addWorker(at('2026-03-02T02:00:00Z'), contractId, {
        name: '张社工',
        qualification: 'intermediate',
        idNumber: testIdNumber(2),
        startOn: '2026-03-02',
      }),
    );
    expect(twice).toMatchObject({
      status: 409,
      code: 'WORKER_ALREADY_ON_ROSTER',
      title: '该社工已在本合同的花名册上',
    });
    expect(twice.detail).toContain('张社工，2026年3月1日到岗，仍在岗');
    // Nothing was written: the roster still counts them once.
    expect((await contractRoster(lixiaOfficial, contractId)).length).toBe(1);
    // Another person is welcome.
    await addWorker(at('2026-03-02T02:00:00Z'), contractId, {
      name: '李社工',
      qualification: 'assistant',
      idNumber: testIdNumber(3),
      startOn: '2026-03-02',
    });
    // A return overlapping the earlier time on the roster is refused; after the leaving date, it is accepted.
    await updateWorker(at('2026-06-30T02:00:00Z'), contractId, first.id, {
      version: first.version,
      endOn: '2026-06-30',
    });
    expect(
      await refusal(
        addWorker(at('2026-07-01T02:00:00Z'), contractId, {
          name: '张社工',
          qualification: 'assistant',
          idNumber: testIdNumber(2),
          startOn: '2026-06-15',
        }),
      ),
    ).toMatchObject({ code: 'WORKER_ALREADY_ON_ROSTER' });
    const back = await addWorker(at('2026-09-01T02:00:00Z'), contractId, {
      name: '张社工',
      qualification: 'assistant',
      idNumber: testIdNumber(2),
      startOn: '2026-09-01',
    });
    expect((await contractRoster(lixiaOfficial, contractId)).map((w) => w.id).sort()).toContain(back.id);
    expect((await contractRoster(lixiaOfficial, contractId)).length).toBe(3);
  });

  it('registers a person on a station register once; without an ID number there is nothing to compare', async () => {
    const consent = {
      givenOn: '2026-12-01',
      scope: '建档与服务记录',
      givenBy: 'self' as const,
      sensitiveDataConsent: true,
    };
    const person = { name: '王小芳', category: 'left_behind_elderly', idNumber: testIdNumber(4), consent };
    const first = await registerRecipient(at('2026-12-02T02:00:00Z'), stationId, person);
    const twice = await refusal(registerRecipient(at('2026-12-03T02:00:00Z'), stationId, person));
    expect(twice).toMatchObject({
      status: 409,
      code: 'RECIPIENT_ALREADY_REGISTERED',
      title: '该服务对象已在本站建档',
    });
    expect(twice.detail).toContain(`档案编号 ${first.id}，2026年12月2日建档，在册`);
    const { idNumber: _none, ...withoutId } = { ...person, birthDate: '1950-05-01' };
    await registerRecipient(at('2026-12-03T02:00:00Z'), stationId, withoutId);
    await registerRecipient(at('2026-12-03T02:00:00Z'), stationId, withoutId);
  });

  it('uses the deployment key of the table for every function of the process', async () => {
    resetPersonDigest();
    const digest = await personDigest();
    expect((await storedKey())?.keyRef).toMatch(/^l\./);
    expect(digest(testIdNumber(5))).toMatch(/^[0-9a-f]{32}$/);
    // The guard of the person registered above is named by this process's digest.
    const guard = await documentClient().send(
      new GetCommand({
        TableName: tableName('main'),
        Key: keys.registerPerson(stationId, digest(testIdNumber(4))),
        ConsistentRead: true,
      }),
    );
    expect(guard.Item?.holder).toMatch(/^[0-9A-Z]{26}$/);
  });
});
