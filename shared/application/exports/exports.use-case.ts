import { createHash } from 'node:crypto';
import { ulid } from 'ulid';
import { listWorkers, openWorker } from '#shared/adapters/dynamodb/contracts.repository';
import { listDivisions } from '#shared/adapters/dynamodb/divisions.repository';
import type { Page } from '#shared/adapters/dynamodb/pagination';
import { openRecipient, queryRecipients } from '#shared/adapters/dynamodb/recipients.repository';
import { queryVolunteers } from '#shared/adapters/dynamodb/service-records.repository';
import { auditRecordOf, commitWithAudit } from '#shared/adapters/dynamodb/unit-of-work';
import { exportKey, putExportFile } from '#shared/adapters/s3/exports-store';
import { presignDownload } from '#shared/adapters/s3/presign';
import {
  type ExportCell,
  type ExportColumn,
  writeExportWorkbook,
} from '#shared/adapters/spreadsheet/export-writer';
import type { Principal } from '#shared/domain/access/roles';
import type { Actor } from '#shared/domain/audit/audit-record';
import { shanghaiDate } from '#shared/domain/calendar/dates';
import { CONTRACT_STATUS_NAMES, type Contract, QUALIFICATION_NAMES } from '#shared/domain/contracts/contract';
import { maskedWorker } from '#shared/domain/contracts/roster';
import { DomainError, outOfScope } from '#shared/domain/errors';
import {
  EXPORT_READERS,
  EXPORT_TITLES,
  EXPORT_URL_TTL_SECONDS,
  type ExportKindId,
  exportFileName,
  MAX_UNMASKED_ROWS,
  REVEALABLE_KINDS,
  REVEALING_ROLE,
  reasonRequired,
  tooManyUnmasked,
  unmaskedNotAllowed,
} from '#shared/domain/exports/export';
import { fenToAmount } from '#shared/domain/funds/ocds';
import { FOR_INFORMATION_MARK, type ImportColumn } from '#shared/domain/imports/import';
import { recipientLists } from '#shared/domain/policy/policy';
import { maskedRecipient, RECIPIENT_STATUS_NAMES } from '#shared/domain/recipients/recipient';
import { maskedVolunteer } from '#shared/domain/services/volunteer';
import { STATION_STATUS_NAMES } from '#shared/domain/stations/station';
import { logger } from '#shared/http/logger';
import { listContracts } from '../contracts/contracts.use-case';
import { contractsKind, recipientsKind, stationsKind, volunteersKind, workersKind } from '../imports/kinds';
import { policyOn } from '../policy/policies.use-case';
import { listStations } from '../stations/stations.use-case';

/**
 * Export of a register to .xlsx (导出 Excel, issue 19 item 5), for the bureaus' own reporting.
 *
 * 1. Check the kind against the caller's roles (each kind's list route's readers; the city exports no recipients)
 *    and, for an unmasked export, that the kind has an audited reveal, the caller is the district civil affairs
 *    bureau and gives a reason.
 * 2. Read the scope's records a page at a time through the list use cases themselves (the stations and contracts of
 *    the district, or the city, or the street office's street, through byDistrict; then each station's register
 *    through its own byDistrict partition, or each contract's roster), so the export can read nothing its lists
 *    could not; never a Scan.
 * 3. Write the rows as they come into a streaming workbook on disk: the import template's zh-CN headers where the
 *    column is the import's (so a stations or contracts file can be imported again), dates as dates, money as yuan
 *    from integer fen; personal data masked exactly as the views mask it, unless unmasked.
 * 4. Commit the export's audit record (kind, scope, rows, the file's SHA-256; for an unmasked export, the reason,
 *    the fields and every person whose data it carries) before the file is stored or a link handed out.
 * 5. Put the file under `exports/` and answer a presigned GET that lives five minutes.
 */
export interface ExportRequest {
  readonly kind: ExportKindId;
  readonly districtCode?: string;
  readonly streetCode?: string;
  readonly unmasked?: boolean;
}

export interface ExportResult {
  readonly id: string;
  readonly kind: ExportKindId;
  readonly fileName: string;
  readonly downloadUrl: string;
  readonly expiresAt: string;
  readonly rows: number;
  readonly unmasked: boolean;
}

/** Rows of one kind, and (unmasked) the ids of the people whose personal data they carry. */
interface Sheet {
  readonly columns: readonly ExportColumn[];
  rows(): AsyncGenerator<ExportCell[]>;
  /** The ids of the people in the file whose personal data was opened (unmasked exports only). */
  readonly revealed: string[];
  /** The personal fields opened. */
  readonly fields: Set<string>;
}

const PAGE = 100;
const CONSENT_GIVER_NAMES: Readonly<Record<'self' | 'guardian', string>> = {
  self: '本人',
  guardian: '监护人',
};
/** A column the import does not take (it skips a header ending with the mark), kept for the reader's information. */
const info = (header: string, type: ExportColumn['type'] = 'text'): ExportColumn => ({
  header: `${header}${FOR_INFORMATION_MARK}`,
  type,
});

/** The import's column of that key, with the cell type the export writes there. */
function importColumn(
  columns: readonly ImportColumn[],
  key: string,
  type: ExportColumn['type'],
): ExportColumn {
  const column = columns.find((c) => c.key === key);
  if (!column) throw new Error(`import column ${key} is not declared`);
  return { header: column.header, type, width: Math.max(14, column.header.length * 2 + 4) };
}

/** Every item of a paged list, page after page, as it is read. */
async function* pages<T>(read: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}

const scopeQuery = (req: ExportRequest) => ({
  ...(req.districtCode ? { district: req.districtCode } : {}),
  ...(req.streetCode ? { street: req.streetCode } : {}),
});

const stationsOf = (principal: Principal, req: ExportRequest) =>
  pages((cursor) =>
    listStations(principal, { ...scopeQuery(req), limit: PAGE, ...(cursor ? { cursor } : {}) }),
  );

const contractsOf = (principal: Principal, req: ExportRequest) =>
  pages((cursor) =>
    listContracts(principal, { ...scopeQuery(req), limit: PAGE, ...(cursor ? { cursor } : {}) }),
  );

/** Runs the first read of a generator now, so that a refusal (403, 422) comes before any file is made. */
async function primed<T>(source: AsyncGenerator<T>): Promise<AsyncGenerator<T>> {
  const first = await source.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    yield* source;
  })();
}

function stationsSheet(principal: Principal, req: ExportRequest): Sheet {
  const c = stationsKind.columns;
  return {
    columns: [
      importColumn(c, 'districtCode', 'text'),
      importColumn(c, 'streetCode', 'text'),
      importColumn(c, 'address', 'text'),
      importColumn(c, 'openedOn', 'date'),
      importColumn(c, 'featuredBrand', 'text'),
      importColumn(c, 'keyTargetGroups', 'text'),
      { ...info('社工站名称'), width: 40 },
      info('区县'),
      info('街道（镇）'),
      info('状态'),
    ],
    async *rows() {
      for await (const s of stationsOf(principal, req))
        yield [
          s.districtCode,
          s.streetCode,
          s.address,
          s.openedOn,
          s.featuredBrand,
          s.keyTargetGroups.join('；'),
          s.standardName,
          s.districtName,
          s.streetName,
          STATION_STATUS_NAMES[s.status],
        ];
    },
    revealed: [],
    fields: new Set(),
  };
}

const OPERATOR_KIND_NAMES: Readonly<Record<Contract['operator']['kind'], string>> = {
  enterprise: '企业',
  social_organization: '社会组织',
};
const yuanText = (fen: number) => fenToAmount(fen).toFixed(2);

function contractsSheet(principal: Principal, req: ExportRequest): Sheet {
  const c = contractsKind.columns;
  return {
    columns: [
      importColumn(c, 'streetCode', 'text'),
      importColumn(c, 'number', 'text'),
      importColumn(c, 'operatorOrgId', 'text'),
      { ...importColumn(c, 'operatorName', 'text'), width: 36 },
      importColumn(c, 'operatorKind', 'text'),
      importColumn(c, 'start', 'date'),
      importColumn(c, 'end', 'date'),
      importColumn(c, 'amount', 'yuan'),
      importColumn(c, 'labour', 'yuan'),
      importColumn(c, 'qualityAssurance', 'yuan'),
      importColumn(c, 'operatorManagement', 'yuan'),
      importColumn(c, 'staffTotal', 'count'),
      importColumn(c, 'minAssistant', 'count'),
      importColumn(c, 'minIntermediate', 'count'),
      importColumn(c, 'minSenior', 'count'),
      { ...importColumn(c, 'payments', 'text'), width: 48 },
      info('区县代码'),
      info('状态'),
    ],
    async *rows() {
      for await (const k of contractsOf(principal, req)) {
        const min = k.staffing.minimumByLevel;
        yield [
          k.streetCode,
          k.number,
          k.operator.orgId,
          k.operator.name,
          OPERATOR_KIND_NAMES[k.operator.kind],
          k.servicePeriod.start,
          k.servicePeriod.end,
          fenToAmount(k.amountFen),
          fenToAmount(k.breakdown.labourFen),
          fenToAmount(k.breakdown.qualityAssuranceFen),
          fenToAmount(k.breakdown.operatorManagementFen),
          k.staffing.total,
          min.assistant,
          min.intermediate,
          min.senior,
          k.paymentSchedule.map((t) => `${t.plannedOn} ${yuanText(t.amountFen)}`).join('；'),
          k.districtCode,
          CONTRACT_STATUS_NAMES[k.status],
        ];
      }
    },
    revealed: [],
    fields: new Set(),
  };
}

function workersSheet(principal: Principal, req: ExportRequest, unmasked: boolean): Sheet {
  const c = workersKind.columns;
  const revealed: string[] = [];
  const fields = new Set<string>();
  return {
    columns: [
      importColumn(c, 'contractNumber', 'text'),
      importColumn(c, 'name', 'text'),
      importColumn(c, 'qualification', 'text'),
      importColumn(c, 'certificateNumber', 'text'),
      { ...importColumn(c, 'idNumber', 'text'), width: 22 },
      importColumn(c, 'phone', 'text'),
      importColumn(c, 'startOn', 'date'),
      importColumn(c, 'endOn', 'date'),
      info('街道（镇）代码'),
    ],
    async *rows() {
      for await (const contract of contractsOf(principal, req)) {
        for (const worker of await listWorkers(contract.stationId, contract.id)) {
          const shown = maskedWorker(worker);
          let personal: { idNumber: string; phone?: string } = shown;
          if (unmasked) {
            personal = await openWorker(worker);
            revealed.push(worker.id);
            if (revealed.length > MAX_UNMASKED_ROWS) throw tooManyUnmasked();
            for (const f of Object.keys(personal)) fields.add(f);
          }
          yield [
            contract.number,
            shown.name,
            QUALIFICATION_NAMES[shown.qualification],
            shown.certificateNumber,
            personal.idNumber,
            personal.phone,
            shown.startOn,
            shown.endOn,
            shown.streetCode,
          ];
        }
      }
    },
    revealed,
    fields,
  };
}

async function recipientsSheet(
  principal: Principal,
  req: ExportRequest,
  unmasked: boolean,
  today: string,
): Promise<Sheet> {
  const lists = recipientLists((await policyOn(today)).version.parameters);
  const categories = new Map(lists.categories.map((k) => [k.code, k.name]));
  const revealed: string[] = [];
  const fields = new Set<string>();
  const c = recipientsKind.columns;
  return {
    columns: [
      importColumn(c, 'streetCode', 'text'),
      importColumn(c, 'name', 'text'),
      importColumn(c, 'category', 'text'),
      { ...importColumn(c, 'idNumber', 'text'), width: 22 },
      importColumn(c, 'birthDate', 'date'),
      { ...importColumn(c, 'phone', 'text'), width: 16 },
      { ...importColumn(c, 'address', 'text'), width: 36 },
      importColumn(c, 'consentGivenOn', 'date'),
      importColumn(c, 'consentScope', 'text'),
      importColumn(c, 'consentGivenBy', 'text'),
      importColumn(c, 'sensitiveDataConsent', 'text'),
      importColumn(c, 'guardianName', 'text'),
      importColumn(c, 'guardianRelation', 'text'),
      info('出生年份', 'count'),
      info('建档日期', 'date'),
      info('状态'),
    ],
    async *rows() {
      for await (const station of stationsOf(principal, req)) {
        for await (const r of pages((cursor) => queryRecipients(station.id, PAGE, cursor))) {
          const shown = maskedRecipient(r);
          let personal: {
            name?: string;
            idNumber?: string;
            phone?: string;
            address?: string;
            guardianName?: string;
          } = { ...shown, guardianName: shown.consent?.guardian?.name };
          // The views show the birth year only; the full file carries the date, as the reveal does not need to.
          let birthDate: string | undefined;
          if (unmasked && r.status !== 'anonymised' && r.sealed) {
            personal = await openRecipient(r);
            birthDate = r.birthDate;
            revealed.push(r.id);
            if (revealed.length > MAX_UNMASKED_ROWS) throw tooManyUnmasked();
            for (const [f, v] of Object.entries(personal)) if (v !== undefined) fields.add(f);
          }
          const consent = shown.consent;
          yield [
            r.streetCode,
            personal.name,
            categories.get(r.category) ?? r.category,
            personal.idNumber,
            birthDate,
            personal.phone,
            personal.address,
            consent?.givenOn,
            consent?.scope,
            consent ? CONSENT_GIVER_NAMES[consent.givenBy] : undefined,
            consent ? (consent.sensitiveDataConsent ? '是' : '否') : undefined,
            personal.guardianName,
            consent?.guardian?.relation,
            shown.birthYear,
            r.registeredOn,
            RECIPIENT_STATUS_NAMES[r.status],
          ];
        }
      }
    },
    revealed,
    fields,
  };
}

function volunteersSheet(principal: Principal, req: ExportRequest): Sheet {
  const c = volunteersKind.columns;
  return {
    columns: [
      importColumn(c, 'streetCode', 'text'),
      importColumn(c, 'name', 'text'),
      { ...importColumn(c, 'phone', 'text'), width: 16 },
      { ...importColumn(c, 'skills', 'text'), width: 30 },
      importColumn(c, 'registeredOn', 'date'),
    ],
    async *rows() {
      for await (const station of stationsOf(principal, req)) {
        for await (const v of pages((cursor) => queryVolunteers(station.id, PAGE, cursor))) {
          const shown = maskedVolunteer(v);
          yield [v.streetCode, shown.name, shown.phone, shown.skills.join('；'), shown.registeredOn];
        }
      }
    },
    revealed: [],
    fields: new Set(),
  };
}

/** Step 1: the roles and the unmasked export's conditions. */
function checkRequest(actor: Actor, req: ExportRequest): void {
  const p = actor.principal;
  if (!p.roles.some((r) => EXPORT_READERS[req.kind].includes(r))) {
    logger.warn('access denied', { reason: 'export kind', sub: p.sub, roles: p.roles, kind: req.kind });
    throw outOfScope();
  }
  if (req.districtCode && req.streetCode && !req.streetCode.startsWith(req.districtCode)) {
    throw new DomainError('STREET_NOT_IN_DISTRICT', 422, '街道（镇）不属于该区县', undefined, {
      errors: [{ path: 'body.streetCode', message: '街道（镇）不属于该区县' }],
    });
  }
  if (!req.unmasked) return;
  const own = req.districtCode ?? req.streetCode?.slice(0, 6) ?? p.district;
  if (
    !REVEALABLE_KINDS.includes(req.kind) ||
    !p.roles.includes(REVEALING_ROLE) ||
    !p.district ||
    own !== p.district
  ) {
    logger.warn('access denied', { reason: 'export personal data', sub: p.sub, kind: req.kind });
    throw unmaskedNotAllowed(req.kind);
  }
  if (!actor.reason) throw reasonRequired();
}

async function scopeName(req: ExportRequest, principal: Principal): Promise<string> {
  const divisions = await listDivisions();
  const street = req.streetCode ?? principal.street;
  const district = req.districtCode ?? street?.slice(0, 6) ?? principal.district;
  const d = divisions.find((x) => x.code === district);
  const s = d?.streets.find((x) => x.code === street);
  return s ? `${d?.name ?? ''}${s.name}` : (d?.name ?? '济南市');
}

export async function createExport(actor: Actor, req: ExportRequest): Promise<ExportResult> {
  checkRequest(actor, req);
  const unmasked = req.unmasked === true;
  const today = shanghaiDate(actor.now);
  const p = actor.principal;
  const sheet =
    req.kind === 'stations'
      ? stationsSheet(p, req)
      : req.kind === 'contracts'
        ? contractsSheet(p, req)
        : req.kind === 'workers'
          ? workersSheet(p, req, unmasked)
          : req.kind === 'recipients'
            ? await recipientsSheet(p, req, unmasked, today)
            : volunteersSheet(p, req);
  const rows = await primed(sheet.rows());
  const id = ulid(actor.now.getTime());
  const name = await scopeName(req, p);
  const fileName = exportFileName(req.kind, name, today, unmasked);
  const { bytes, rows: count } = await writeExportWorkbook(EXPORT_TITLES[req.kind], sheet.columns, rows, [
    `${name}${EXPORT_TITLES[req.kind]}，导出于 ${today}（北京时间），导出人 ${p.username}。`,
    unmasked
      ? `含完整个人信息（导出理由：${actor.reason ?? ''}），本次导出已记入审计；请妥善保管，用后删除，不得外传。`
      : '个人信息已按系统规则掩码（姓名、身份证号、手机号、住址等），与系统列表显示一致。',
    '列名与导入模板一致的列可直接用于批量导入；列名带「（参考）」的列仅供查阅，导入时忽略。',
    '日期为北京时间日历日；金额单位为元，保留两位小数。',
  ]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const key = exportKey(id);
  const district = req.districtCode ?? req.streetCode?.slice(0, 6) ?? p.district;
  const street = req.streetCode ?? p.street;
  await commitWithAudit(
    [],
    [
      auditRecordOf(actor, {
        action: unmasked ? 'export.reveal-personal-data' : 'export.create',
        entity: { type: 'export', id },
        scope: { ...(district ? { district } : {}), ...(street ? { street } : {}) },
        after: {
          kind: req.kind,
          rows: count,
          key,
          sha256,
          unmasked,
          ...(unmasked
            ? {
                fields: [...sheet.fields].sort(),
                entityType: req.kind === 'workers' ? 'worker' : 'recipient',
                ids: sheet.revealed,
              }
            : {}),
        },
      }),
    ],
  );
  await putExportFile(key, bytes);
  return {
    id,
    kind: req.kind,
    fileName,
    downloadUrl: await presignDownload(key, fileName, EXPORT_URL_TTL_SECONDS),
    expiresAt: new Date(actor.now.getTime() + EXPORT_URL_TTL_SECONDS * 1000).toISOString(),
    rows: count,
    unmasked,
  };
}
