import { FieldCryptoError, isSealed, openField, sealField } from '#shared/adapters/crypto/field-crypto';
import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import { compareDates, type IsoDate } from '#shared/domain/calendar/dates';
import {
  admitToStation,
  type Contract,
  type ContractStatus,
  currentClaim,
  type StationClaim,
} from '#shared/domain/contracts/contract';
import {
  maskIdNumber,
  maskPhone,
  type SealedWorkerData,
  type Worker,
  type WorkerPersonalData,
} from '#shared/domain/contracts/roster';
import { DomainError, versionConflict } from '#shared/domain/errors';
import { documentClient } from './client';
import { keys } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of KEY_ATTRIBUTES) delete copy[k];
  return copy as T;
};

export const contractToItem = (c: Contract) => ({
  ...keys.contract(c.id),
  ...keys.contractByDistrict(c.districtCode, c.streetCode, c.id),
  ...keys.contractByOrg(c.operator.orgId, c.id),
  entity: 'contract',
  ...c,
});

export async function getContract(id: string): Promise<Contract | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: keys.contract(id), ConsistentRead: true }),
  );
  return out.Item ? strip<Contract>(out.Item) : undefined;
}

export type ContractQuery = (
  | { readonly district: string; readonly street?: string }
  | { readonly org: string }
) & {
  readonly status?: ContractStatus;
  readonly stationId?: string;
  readonly limit: number;
  readonly start?: Record<string, unknown>;
};

/**
 * One page of one partition: the contracts of a district (optionally one street) through byDistrict, or of an
 * operator through byOrg. Filters on status and station apply after the key condition.
 */
export async function queryContracts(
  q: ContractQuery,
): Promise<{ items: Contract[]; lastKey?: Record<string, unknown> }> {
  const byOrg = 'org' in q;
  const partition = byOrg
    ? keys.contractsOfOrgPrefix(q.org)
    : keys.contractsOfDistrictPrefix(q.district, q.street);
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {
    ':pk': 'gsi3pk' in partition ? partition.gsi3pk : partition.gsi1pk,
    ':prefix': 'gsi3skPrefix' in partition ? partition.gsi3skPrefix : partition.gsi1skPrefix,
  };
  if (q.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = q.status;
  }
  if (q.stationId) {
    filters.push('stationId = :station');
    values[':station'] = q.stationId;
  }
  const out = await documentClient().send(
    new QueryCommand({
      TableName: tableName('main'),
      IndexName: byOrg ? 'byOrg' : 'byDistrict',
      KeyConditionExpression: byOrg
        ? 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)'
        : 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
      Limit: q.limit,
      ...(q.start ? { ExclusiveStartKey: q.start } : {}),
    }),
  );
  return {
    items: (out.Items ?? []).map((i) => strip<Contract>(i)),
    ...(out.LastEvaluatedKey ? { lastKey: out.LastEvaluatedKey } : {}),
  };
}

/** A new contract takes its number, which must be unused in the city. */
export function createContractWrites(contract: Contract): Write[] {
  return [
    {
      item: {
        Put: {
          TableName: tableName('main'),
          Item: contractToItem(contract),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new DomainError(
          'DUPLICATE_ID',
          409,
          '记录已存在',
          '同一编号的记录已存在，本次未作任何更改；请刷新后查看，不要重复提交。',
        ),
    },
    {
      item: {
        Put: {
          TableName: tableName('main'),
          Item: { ...keys.contractNumber(contract.number), contractId: contract.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onConditionFailed: () =>
        new DomainError(
          'CONTRACT_NUMBER_TAKEN',
          409,
          '合同编号已被使用',
          `合同编号「${contract.number}」已登记在另一份合同上，请核对合同编号。`,
          {
            rule: 'R3.1',
            errors: [{ path: 'body.number', message: '合同编号已被使用' }],
          },
        ),
    },
  ];
}

/**
 * The station's contract register (`STATION#id` / `ACTIVE_CONTRACT`): the claims of its live contracts (R3.1, see
 * `admitToStation`), under a version that every activation, completion and termination conditions on, so two
 * clerks activating overlapping contracts at once cannot both succeed. An item written before the register held
 * claims names one `contractId`; it is read as that contract's claim while the contract is active, and replaced
 * on the next write, conditioned on it being unchanged.
 */
export interface StationRegister {
  readonly stationId: string;
  readonly claims: readonly StationClaim[];
  readonly version: number;
  /** The contract an item of the earlier shape named. */
  readonly legacyContractId?: string;
  readonly exists: boolean;
}

export async function readStationRegister(stationId: string): Promise<StationRegister> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.stationActiveContract(stationId),
      ConsistentRead: true,
    }),
  );
  const item = out.Item;
  if (!item) return { stationId, claims: [], version: 0, exists: false };
  if (Array.isArray(item.claims)) {
    return { stationId, claims: item.claims as StationClaim[], version: Number(item.version), exists: true };
  }
  const legacyContractId = String(item.contractId);
  const held = await getContract(legacyContractId);
  const claims =
    held?.status === 'active'
      ? [{ contractId: held.id, start: held.servicePeriod.start, end: held.servicePeriod.end }]
      : [];
  return { stationId, claims, version: 0, legacyContractId, exists: true };
}

/** The register with `claims`, conditioned on it being as it was read. */
export function stationRegisterWrite(register: StationRegister, claims: readonly StationClaim[]): Write {
  const condition = !register.exists
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : register.legacyContractId !== undefined
      ? {
          ConditionExpression: 'contractId = :legacy AND attribute_not_exists(claims)',
          ExpressionAttributeValues: { ':legacy': register.legacyContractId },
        }
      : {
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': register.version },
        };
  return {
    item: {
      Put: {
        TableName: tableName('main'),
        Item: {
          ...keys.stationActiveContract(register.stationId),
          claims,
          version: register.version + 1,
        },
        ...condition,
      },
    },
    onConditionFailed: versionConflict,
  };
}

/**
 * Saving a changed contract, conditional on the version read. A change of status into or out of active also
 * writes the station's register (read it first with `readStationRegister`): activation claims the contract's
 * service period (409 `STATION_HAS_ACTIVE_CONTRACT` when a live contract's period overlaps), completion or
 * termination gives the claim up. A renumbered draft moves its number guard.
 */
export function updateContractWrites(
  before: Contract,
  after: Contract,
  today: IsoDate,
  register?: StationRegister,
): Write[] {
  const writes: Write[] = [putIfVersion(tableName('main'), contractToItem(after), before.version)];
  const activating = before.status !== 'active' && after.status === 'active';
  const ending = before.status === 'active' && after.status !== 'active';
  if (activating || ending) {
    if (!register || register.stationId !== after.stationId) {
      throw new Error(`Contract ${after.id} changes status without its station's register`);
    }
    const others = register.claims.filter(
      (c) => c.contractId !== after.id && compareDates(today, c.end) <= 0,
    );
    const claims = activating
      ? admitToStation(
          register.claims,
          { contractId: after.id, start: after.servicePeriod.start, end: after.servicePeriod.end },
          today,
        )
      : others;
    writes.push(stationRegisterWrite(register, claims));
  }
  if (before.number !== after.number) {
    writes.push(
      {
        item: {
          Delete: {
            TableName: tableName('main'),
            Key: keys.contractNumber(before.number),
            ConditionExpression: 'contractId = :id',
            ExpressionAttributeValues: { ':id': after.id },
          },
        },
        onConditionFailed: versionConflict,
      },
      createContractWrites(after)[1] as Write,
    );
  }
  return writes;
}

/** The item of a worker; it is refused unless the ID-card number (and the phone, if any) are sealed. */
export const workerToItem = (w: Worker) => {
  if (!isSealed(w.sealed?.idNumber) || (w.phone !== undefined && !isSealed(w.sealed.phone))) {
    throw new FieldCryptoError('a worker is stored with its ID-card number and phone sealed only');
  }
  return { ...keys.worker(w.stationId, w.contractId, w.id), entity: 'worker', ...w };
};

/**
 * A worker as read: `idNumber` and `phone` hold the masked values (an item written before sealing held them in
 * full; they are masked here all the same), `sealed` the ciphertexts.
 */
const workerOf = (item: Record<string, unknown>): Worker => {
  const w = strip<Worker>(item);
  return { ...w, idNumber: maskIdNumber(w.idNumber), ...(w.phone ? { phone: maskPhone(w.phone) } : {}) };
};

/** The binding of a sealed worker field: the worker's item and the attribute. */
const workerBinding = (
  w: Pick<Worker, 'stationId' | 'contractId' | 'id'>,
  field: keyof SealedWorkerData,
) => ({
  ...keys.worker(w.stationId, w.contractId, w.id),
  field: `sealed.${field}`,
});

/**
 * Seals a worker's ID-card number and phone for its item (AES-256-GCM under a KMS data key, bound to the item), and
 * keeps besides only their masked forms.
 */
export async function sealWorker(
  base: Omit<Worker, 'idNumber' | 'phone' | 'sealed'>,
  personal: WorkerPersonalData,
): Promise<Worker> {
  const [idNumber, phone] = await Promise.all([
    sealField(personal.idNumber, workerBinding(base, 'idNumber')),
    personal.phone ? sealField(personal.phone, workerBinding(base, 'phone')) : undefined,
  ]);
  return {
    ...base,
    idNumber: maskIdNumber(personal.idNumber),
    ...(personal.phone ? { phone: maskPhone(personal.phone) } : {}),
    sealed: { idNumber, ...(phone ? { phone } : {}) },
  };
}

/** A new phone for a worker, sealed; the sealed ID-card number is kept as it is, unopened. */
export async function resealWorkerPhone(w: Worker, phone: string): Promise<Pick<Worker, 'phone' | 'sealed'>> {
  return {
    phone: maskPhone(phone),
    sealed: { ...w.sealed, phone: await sealField(phone, workerBinding(w, 'phone')) },
  };
}

/** Opens a worker's sealed ID-card number and phone (needs kms:Decrypt on AWS). */
export async function openWorker(w: Worker): Promise<WorkerPersonalData> {
  if (!isSealed(w.sealed?.idNumber)) throw new FieldCryptoError('the worker was stored before sealing');
  const [idNumber, phone] = await Promise.all([
    openField(w.sealed.idNumber, workerBinding(w, 'idNumber')),
    w.sealed.phone ? openField(w.sealed.phone, workerBinding(w, 'phone')) : undefined,
  ]);
  return { idNumber, ...(phone ? { phone } : {}) };
}

export async function getWorker(
  stationId: string,
  contractId: string,
  workerId: string,
): Promise<Worker | undefined> {
  const out = await documentClient().send(
    new GetCommand({
      TableName: tableName('main'),
      Key: keys.worker(stationId, contractId, workerId),
      ConsistentRead: true,
    }),
  );
  return out.Item ? workerOf(out.Item) : undefined;
}

/** The whole roster of a contract (a station has tens of workers, not thousands). */
export async function listWorkers(stationId: string, contractId: string): Promise<Worker[]> {
  const prefix = keys.contractRosterPrefix(stationId, contractId);
  const items: Worker[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix },
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map(workerOf));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

export const createWorkerWrite = (w: Worker): Write => ({
  item: {
    Put: {
      TableName: tableName('main'),
      Item: workerToItem(w),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  onConditionFailed: () =>
    new DomainError(
      'DUPLICATE_ID',
      409,
      '记录已存在',
      '同一编号的记录已存在，本次未作任何更改；请刷新后查看，不要重复提交。',
    ),
});

export const updateWorkerWrite = (before: Worker, after: Worker): Write =>
  putIfVersion(tableName('main'), workerToItem(after), before.version);

/** Everyone on a station's rosters (all its contracts) who is on staff on `date`. */
export async function workersOnStaff(stationId: string, date: IsoDate): Promise<Worker[]> {
  const prefix = keys.rosterPrefix(stationId);
  const items: Worker[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'startOn <= :date AND (attribute_not_exists(endOn) OR endOn >= :date)',
        ExpressionAttributeValues: { ':pk': prefix.pk, ':prefix': prefix.skPrefix, ':date': date },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(...(out.Items ?? []).map(workerOf));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The station's contract on `today` (Asia/Shanghai): the live one in force, or failing that the next to begin;
 * never one past its end date, whatever its status reads.
 */
export async function activeContractOf(stationId: string, today: IsoDate): Promise<Contract | undefined> {
  const claim = currentClaim((await readStationRegister(stationId)).claims, today);
  return claim ? getContract(claim.contractId) : undefined;
}
