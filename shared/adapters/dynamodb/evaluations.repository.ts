import { GetCommand, QueryCommand } from '#shared/adapters/dynamodb/store-client';
import { tableName } from '#shared/config';
import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError, versionConflict } from '#shared/domain/errors';
import type {
  Evaluation,
  EvaluationWindow,
  Objection,
  PublicityNotice,
} from '#shared/domain/evaluation/evaluation';
import type { IndicatorTemplate } from '#shared/domain/evaluation/template';
import { documentClient } from './client';
import { readDue } from './due-index';
import { dueEntry } from './keys';
import { putIfVersion, type Write } from './unit-of-work';

/**
 * Evaluations (R16–R19) and what hangs off them. Keys:
 * - template version: `EVAL_TEMPLATE` / `VERSION#0001` (newest = last);
 * - evaluation: `EVALUATION#id` / `EVALUATION`; byDistrict `DISTRICT#d` / `EVALUATION#yearEnd#id`; byOrg (the
 *   commissioned third party) `ORG#org` / `EVALUATION#id`;
 * - evaluation window of a contract's service year: `CONTRACT#id` / `EVAL_WINDOW#n`, in byDue `DUE#EVAL_WINDOW`
 *   while an alert remains;
 * - publicity notice: `PUBLICITY#id` / `NOTICE`; byDistrict `PUBLICITY` / `publishedOn#id` (the public list); in
 *   byDue `DUE#PUBLICITY` / `closableOn#id` while it is open with no objection pending;
 * - objection: `OBJECTION#id` / `OBJECTION`; byDistrict `OBJECTIONS#d` / `lodgedAt#id`;
 * - recovery case (R25.1): `RECOVERY#id` / `CASE`; byDistrict `DISTRICT#d` / `RECOVERY#id`.
 */
const STRIP = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'];
const strip = <T>(item: Record<string, unknown>): T => {
  const copy: Record<string, unknown> = { ...item };
  for (const k of STRIP) delete copy[k];
  return copy as T;
};

const putNew = (item: Record<string, unknown>, onExists: () => DomainError = versionConflict): Write => ({
  item: {
    Put: { TableName: tableName('main'), Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
  },
  onConditionFailed: onExists,
});

async function get<T>(key: { pk: string; sk: string }): Promise<T | undefined> {
  const out = await documentClient().send(
    new GetCommand({ TableName: tableName('main'), Key: key, ConsistentRead: true }),
  );
  return out.Item ? strip<T>(out.Item) : undefined;
}

async function queryAll<T>(input: {
  index?: 'byDistrict' | 'byOrg';
  condition: string;
  values: Record<string, unknown>;
  forward?: boolean;
}): Promise<{ items: T[]; read: number }> {
  const items: T[] = [];
  let read = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await documentClient().send(
      new QueryCommand({
        TableName: tableName('main'),
        ...(input.index ? { IndexName: input.index } : { ConsistentRead: true }),
        KeyConditionExpression: input.condition,
        ExpressionAttributeValues: input.values,
        ScanIndexForward: input.forward ?? true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    read += out.ScannedCount ?? 0;
    items.push(...(out.Items ?? []).map((i) => strip<T>(i)));
    start = out.LastEvaluatedKey;
  } while (start);
  return { items, read };
}

// Templates -------------------------------------------------------------------------------------------------

const templateKey = (version: number) => ({
  pk: 'EVAL_TEMPLATE',
  sk: `VERSION#${String(version).padStart(4, '0')}`,
});

export const listTemplates = async (): Promise<IndicatorTemplate[]> =>
  (
    await queryAll<IndicatorTemplate>({
      condition: 'pk = :pk AND begins_with(sk, :prefix)',
      values: { ':pk': 'EVAL_TEMPLATE', ':prefix': 'VERSION#' },
    })
  ).items;

export const getTemplate = async (id: string): Promise<IndicatorTemplate | undefined> =>
  (await listTemplates()).find((t) => t.id === id);

/** A new version takes its number: two cities' editors cannot both create version n. */
export const createTemplateWrite = (t: IndicatorTemplate): Write =>
  putNew({ ...templateKey(t.version), entity: 'evaluation-template', ...t });

// Evaluations -----------------------------------------------------------------------------------------------

const evaluationItem = (e: Evaluation) => ({
  pk: `EVALUATION#${e.id}`,
  sk: 'EVALUATION',
  gsi1pk: `DISTRICT#${e.districtCode}`,
  gsi1sk: `EVALUATION#${e.serviceYear.end}#${e.id}`,
  gsi3pk: `ORG#${e.evaluator.orgId}`,
  gsi3sk: `EVALUATION#${e.id}`,
  entity: 'evaluation',
  ...e,
});

export const getEvaluation = (id: string) => get<Evaluation>({ pk: `EVALUATION#${id}`, sk: 'EVALUATION' });
export const createEvaluationWrite = (e: Evaluation): Write => putNew(evaluationItem(e));
export const updateEvaluationWrite = (before: Evaluation, after: Evaluation): Write =>
  putIfVersion(tableName('main'), evaluationItem(after), before.version);

export const evaluationsOfDistrict = async (district: string): Promise<Evaluation[]> =>
  (
    await queryAll<Evaluation>({
      index: 'byDistrict',
      condition: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      values: { ':pk': `DISTRICT#${district}`, ':prefix': 'EVALUATION#' },
    })
  ).items;

export const evaluationsOfOrg = async (org: string): Promise<Evaluation[]> =>
  (
    await queryAll<Evaluation>({
      index: 'byOrg',
      condition: 'gsi3pk = :pk AND begins_with(gsi3sk, :prefix)',
      values: { ':pk': `ORG#${org}`, ':prefix': 'EVALUATION#' },
    })
  ).items;

// Evaluation windows ----------------------------------------------------------------------------------------

export interface WindowStep {
  readonly id: 'before' | 'opening' | 'uncommissioned' | 'unevaluated';
  readonly on: IsoDate;
  readonly done?: 'acted' | 'skipped';
}

/** The evaluation window of a contract's service year, with its alerts (R16.1). */
export interface EvaluationWindowRecord {
  readonly contractId: string;
  readonly n: number;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly operatorOrg: string;
  readonly stationId: string;
  readonly contractNumber: string;
  readonly serviceYear: { readonly start: IsoDate; readonly end: IsoDate };
  readonly window: EvaluationWindow;
  readonly steps: readonly WindowStep[];
  readonly nextActionOn?: IsoDate;
  readonly evaluationId?: string;
  readonly finalOn?: IsoDate;
  /** An alert date was computed without an official calendar for a year it reaches (B5, issue 18). */
  readonly provisional: boolean;
  /**
   * The policy's working days of the alerts when the window was planned (issue 18): with the window's opening the
   * basis a calendar year loaded or corrected later recomputes the alert dates from.
   */
  readonly alertBasis?: {
    readonly beforeWindowWorkingDays: number;
    readonly uncommissionedAfterWorkingDays: number;
  };
  /** The calendar years the alert dates depend on (issue 18). */
  readonly calendarYears?: readonly number[];
  readonly version: number;
}

const windowKey = (contractId: string, n: number) => ({
  pk: `CONTRACT#${contractId}`,
  sk: `EVAL_WINDOW#${n}`,
});
const windowItem = (w: EvaluationWindowRecord) => ({
  ...windowKey(w.contractId, w.n),
  ...(w.nextActionOn ? dueEntry('DUE#EVAL_WINDOW', w.nextActionOn, `${w.contractId}#${w.n}`) : {}),
  entity: 'evaluation-window',
  ...w,
});

export const getWindow = (contractId: string, n: number) =>
  get<EvaluationWindowRecord>(windowKey(contractId, n));
export const createWindowWrite = (w: EvaluationWindowRecord): Write => putNew(windowItem(w));
export const updateWindowWrite = (before: EvaluationWindowRecord, after: EvaluationWindowRecord): Write =>
  putIfVersion(tableName('main'), windowItem(after), before.version);

/** Windows with an alert due by `today` (byDue): what the evaluation-window job reads. */
export const dueWindows = (today: IsoDate) =>
  readDue<{ contractId: string; n: number }>('DUE#EVAL_WINDOW', today, ['contractId', 'n']);

// Publicity and objections ----------------------------------------------------------------------------------

const noticeItem = (n: PublicityNotice) => ({
  pk: `PUBLICITY#${n.id}`,
  sk: 'NOTICE',
  gsi1pk: 'PUBLICITY',
  gsi1sk: `${n.publishedOn}#${n.id}`,
  ...(n.status === 'open' && n.openObjections === 0
    ? dueEntry('DUE#PUBLICITY', n.period.closableOn, n.id)
    : {}),
  entity: 'publicity',
  ...n,
});

export const getNotice = (id: string) => get<PublicityNotice>({ pk: `PUBLICITY#${id}`, sk: 'NOTICE' });
export const createNoticeWrite = (n: PublicityNotice): Write => putNew(noticeItem(n));
export const updateNoticeWrite = (before: PublicityNotice, after: PublicityNotice): Write =>
  putIfVersion(tableName('main'), noticeItem(after), before.version);

/** Every notice, newest first (the public list; a few hundred a year city-wide). */
export const listNotices = async (): Promise<PublicityNotice[]> =>
  (
    await queryAll<PublicityNotice>({
      index: 'byDistrict',
      condition: 'gsi1pk = :pk',
      values: { ':pk': 'PUBLICITY' },
      forward: false,
    })
  ).items;

/** Open notices whose minimum period is over and that have no objection pending (byDue). */
export const dueNotices = (today: IsoDate) => readDue<{ id: string }>('DUE#PUBLICITY', today, ['id']);

const objectionItem = (o: Objection) => ({
  pk: `OBJECTION#${o.id}`,
  sk: 'OBJECTION',
  gsi1pk: `OBJECTIONS#${o.districtCode}`,
  gsi1sk: `${o.lodgedAt}#${o.id}`,
  entity: 'objection',
  ...o,
});

export const getObjection = (id: string) => get<Objection>({ pk: `OBJECTION#${id}`, sk: 'OBJECTION' });
export const createObjectionWrite = (o: Objection): Write => putNew(objectionItem(o));
export const updateObjectionWrite = (before: Objection, after: Objection): Write =>
  putIfVersion(tableName('main'), objectionItem(after), before.version);

export const objectionsOfDistrict = async (district: string): Promise<Objection[]> =>
  (
    await queryAll<Objection>({
      index: 'byDistrict',
      condition: 'gsi1pk = :pk',
      values: { ':pk': `OBJECTIONS#${district}` },
    })
  ).items;

// Recovery cases (R25.1) ------------------------------------------------------------------------------------

export interface RecoveryCase {
  readonly id: string;
  readonly contractId: string;
  readonly evaluationId: string;
  readonly districtCode: string;
  readonly streetCode: string;
  readonly operatorOrg: string;
  readonly contractAmountFen: number;
  /** Unpaid tranches blocked, by sequence number, with their amounts. */
  readonly blockedTranches: readonly { readonly seq: number; readonly amountFen: number }[];
  readonly status: 'open' | 'settled';
  readonly openedOn: IsoDate;
  readonly version: number;
}

export const createRecoveryWrite = (r: RecoveryCase): Write =>
  putNew({
    pk: `RECOVERY#${r.id}`,
    sk: 'CASE',
    gsi1pk: `DISTRICT#${r.districtCode}`,
    gsi1sk: `RECOVERY#${r.id}`,
    entity: 'recovery-case',
    ...r,
  });

export const getRecovery = (id: string) => get<RecoveryCase>({ pk: `RECOVERY#${id}`, sk: 'CASE' });

export const alreadyDecided = () =>
  new DomainError(
    'OBJECTION_ALREADY_DECIDED',
    409,
    '该质疑已处理',
    '这条质疑已作出处理决定，不能再次处理；请刷新查看处理结果。',
    { rule: 'R18.1' },
  );
