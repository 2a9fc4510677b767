import { formatHundredths } from '#shared/domain/measure/hundredths';
import {
  FUNCTIONAL_AREA_KINDS,
  FUNCTIONAL_AREA_NAMES,
  type Station,
  WORK_SYSTEM_KINDS,
  WORK_SYSTEM_NAMES,
} from './station';

/**
 * One line of a station's compliance sheet: a rule of R5–R7, whether the station meets it, and why not.
 * `unknown` means the data needed to judge is not there yet (e.g. no social worker on the roster).
 */
export interface ComplianceFlag {
  readonly rule: string;
  readonly code: string;
  readonly status: 'ok' | 'flag' | 'unknown';
  readonly title: string;
  readonly detail?: string;
}

export interface ComplianceInputs {
  /** Social workers on the station's rosters today (0: the area-per-worker flag is then `unknown`). */
  readonly staffOnRoster: number;
  /** Policy: minimum office area per social worker, in hundredths of m² (default 500 = 5 m²). */
  readonly officeAreaPerWorkerMinHundredthsM2: number;
  /** The station's active contract, judged where there is one (R9.1 staffing, R4.1 key domains). */
  readonly contract?: {
    readonly number: string;
    /** R9.1 shortfalls of the workers on staff against the contract (empty when staffed). */
    readonly staffingShortfalls: readonly string[];
    /** The current service year and the key domains chosen for it (undefined when none chosen). */
    readonly serviceYear?: number;
    readonly keyDomains?: readonly string[];
    readonly keyDomainBounds: { readonly min: number; readonly max: number };
    /** R9.2: the task book of the current service year: absent, or who has yet to confirm its current revision. */
    readonly taskBook?: { readonly awaiting: readonly string[] };
    /** R14.1 for the last complete month: how many workers were judged, and who had too few sessions. */
    readonly supervision: {
      readonly month: string;
      readonly judged: number;
      readonly gaps: readonly { readonly name: string; readonly sessions: number }[];
    };
  };
}

const flag = (rule: string, code: string, ok: boolean, title: string, detail?: string): ComplianceFlag => ({
  rule,
  code,
  status: ok ? 'ok' : 'flag',
  title,
  ...(ok || detail === undefined ? {} : { detail }),
});

/** Every flag of R5–R7 for one station, in rule order. */
export function assessCompliance(station: Station, inputs: ComplianceInputs): ComplianceFlag[] {
  const flags: ComplianceFlag[] = [];
  const site = station.site;

  flags.push(
    flag(
      'R5.1',
      'SITE_LOCATION_NOTES',
      Boolean(site?.location.transport && site.location.accessibility),
      '选址说明（交通、无障碍）已记录',
      '未记录选址的交通与便民情况',
    ),
  );
  const eq = site?.equipment;
  const missingEquipment = [
    eq && eq.desks > 0 ? undefined : '办公桌',
    eq && eq.computers > 0 ? undefined : '电脑',
    eq && eq.printers > 0 ? undefined : '打印机',
  ].filter((x): x is string => x !== undefined);
  flags.push(
    flag(
      'R5.1',
      'SITE_OFFICE_EQUIPMENT',
      missingEquipment.length === 0,
      '必要办公设备齐全',
      `缺少：${missingEquipment.join('、')}`,
    ),
  );

  for (const kind of FUNCTIONAL_AREA_KINDS) {
    const area = site?.functionalAreas.find((a) => a.kind === kind);
    flags.push(
      flag(
        'R5.2',
        `FUNCTIONAL_AREA_${kind.toUpperCase()}`,
        area !== undefined && area.areaHundredthsM2 > 0,
        `设有${FUNCTIONAL_AREA_NAMES[kind]}`,
        `未设置${FUNCTIONAL_AREA_NAMES[kind]}`,
      ),
    );
  }

  const officeArea = site?.functionalAreas.find((a) => a.kind === 'office')?.areaHundredthsM2 ?? 0;
  const minimum = inputs.officeAreaPerWorkerMinHundredthsM2;
  if (inputs.staffOnRoster === 0) {
    flags.push({
      rule: 'R5.2',
      code: 'OFFICE_AREA_PER_WORKER',
      status: 'unknown',
      title: `社工办公区人均面积不低于 ${formatHundredths(minimum)} 平方米`,
      detail: '花名册中暂无在岗社工，无法计算人均面积',
    });
  } else {
    // Compare officeArea / staff >= minimum without division: officeArea >= staff × minimum, all integers.
    const ok = officeArea >= inputs.staffOnRoster * minimum;
    const perWorker = Math.floor(officeArea / inputs.staffOnRoster);
    flags.push(
      flag(
        'R5.2',
        'OFFICE_AREA_PER_WORKER',
        ok,
        `社工办公区人均面积不低于 ${formatHundredths(minimum)} 平方米`,
        `办公区 ${formatHundredths(officeArea)} 平方米，在岗社工 ${inputs.staffOnRoster} 人，人均约 ${formatHundredths(perWorker)} 平方米`,
      ),
    );
  }

  const contract = inputs.contract;
  if (!contract) {
    flags.push(
      {
        rule: 'R9.1',
        code: 'STAFFING_AGAINST_CONTRACT',
        status: 'unknown',
        title: '社工配备符合合同约定',
        detail: '暂无生效中的服务合同',
      },
      {
        rule: 'R4.1',
        code: 'KEY_DOMAINS_THIS_YEAR',
        status: 'unknown',
        title: '本服务年度已确定重点服务领域',
        detail: '暂无生效中的服务合同',
      },
      {
        rule: 'R9.2',
        code: 'TASK_BOOK_CONFIRMED',
        status: 'unknown',
        title: '本服务年度项目任务书经双方确认',
        detail: '暂无生效中的服务合同',
      },
      {
        rule: 'R14.1',
        code: 'SUPERVISION_LAST_MONTH',
        status: 'unknown',
        title: '上月每名社工均接受督导',
        detail: '暂无生效中的服务合同',
      },
    );
  } else {
    flags.push(
      flag(
        'R9.1',
        'STAFFING_AGAINST_CONTRACT',
        contract.staffingShortfalls.length === 0,
        `社工配备符合合同约定（${contract.number}）`,
        contract.staffingShortfalls.join('；'),
      ),
    );
    const chosen = contract.keyDomains?.length ?? 0;
    const { min, max } = contract.keyDomainBounds;
    flags.push(
      flag(
        'R4.1',
        'KEY_DOMAINS_THIS_YEAR',
        chosen >= min && chosen <= max,
        `本服务年度已确定 ${min}–${max} 个重点服务领域`,
        contract.serviceYear === undefined
          ? '今日不在合同服务期内'
          : `第 ${contract.serviceYear} 服务年度已确定 ${chosen} 个`,
      ),
    );
    const book = contract.taskBook;
    const parties: Record<string, string> = { operator: '承接方', street_office: '街道' };
    flags.push(
      flag(
        'R9.2',
        'TASK_BOOK_CONFIRMED',
        book !== undefined && book.awaiting.length === 0,
        '本服务年度项目任务书经双方确认',
        book === undefined
          ? '本服务年度尚无项目任务书'
          : `待${book.awaiting.map((p) => parties[p] ?? p).join('、')}确认`,
      ),
    );
    const { month, judged, gaps } = contract.supervision;
    flags.push(
      judged === 0
        ? {
            rule: 'R14.1',
            code: 'SUPERVISION_LAST_MONTH',
            status: 'unknown',
            title: `${month} 每名社工均接受督导`,
            detail: '该月无全月在岗的社工',
          }
        : flag(
            'R14.1',
            'SUPERVISION_LAST_MONTH',
            gaps.length === 0,
            `${month} 每名社工均接受督导`,
            gaps.map((g) => `${g.name}（${g.sessions} 次）`).join('、'),
          ),
    );
  }

  for (const [where, name] of [
    ['outdoor', '户外'],
    ['indoor', '室内'],
  ] as const) {
    const plaque = station.signage?.[where];
    flags.push(
      flag(
        'R6.1',
        `SIGNAGE_${where.toUpperCase()}_PLAQUE`,
        Boolean(plaque?.present && plaque.photoKeys.length > 0),
        `${name}挂牌并留存照片（${station.standardName}）`,
        plaque?.present ? `${name}标牌缺少照片` : `未设${name}标牌`,
      ),
    );
  }

  for (const kind of WORK_SYSTEM_KINDS) {
    flags.push(
      flag(
        'R7.1',
        `WORK_SYSTEM_${kind.toUpperCase()}`,
        station.workSystems?.[kind] !== undefined,
        `已建立${WORK_SYSTEM_NAMES[kind]}`,
        `缺少${WORK_SYSTEM_NAMES[kind]}`,
      ),
    );
  }
  return flags;
}
