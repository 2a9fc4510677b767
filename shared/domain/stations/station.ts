import type { IsoDate } from '#shared/domain/calendar/dates';
import { DomainError, invalidTransition } from '#shared/domain/errors';

/**
 * A social work service station (社会工作服务站), one per street or town (R2.1). Its standard name is derived from
 * its division (R6.1); its site (R5), signage (R6) and work systems (R7) are recorded on it and checked by
 * `assessCompliance`.
 */
export interface Station {
  readonly id: string;
  readonly districtCode: string;
  readonly districtName: string;
  readonly streetCode: string;
  readonly streetName: string;
  readonly standardName: string;
  readonly address: string;
  readonly openedOn?: IsoDate;
  /** 特色服务品牌 (R4.1), optional. */
  readonly featuredBrand?: string;
  /** 重点服务对象 chosen by the district (R4.1). */
  readonly keyTargetGroups: readonly string[];
  readonly status: StationStatus;
  readonly site?: Site;
  readonly signage?: Signage;
  readonly workSystems?: WorkSystems;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const STATION_STATUSES = ['active', 'suspended', 'closed'] as const;
export type StationStatus = (typeof STATION_STATUSES)[number];
export const STATION_STATUS_NAMES: Readonly<Record<StationStatus, string>> = {
  active: '运营中',
  suspended: '暂停运营',
  closed: '已关闭',
};

/** Allowed status changes. A closed station frees its street for a new one and never reopens. */
export const STATION_TRANSITIONS: Readonly<Record<StationStatus, readonly StationStatus[]>> = {
  active: ['suspended', 'closed'],
  suspended: ['active', 'closed'],
  closed: [],
};

export function transitionStation(from: StationStatus, to: StationStatus): StationStatus {
  if (from === to) return from;
  if (!STATION_TRANSITIONS[from].includes(to))
    throw invalidTransition('社工站', STATION_STATUS_NAMES, from, to, 'R2.1');
  return to;
}

/** A station that is not closed holds its street: one active station per street (R2.1). */
export const holdsStreet = (status: StationStatus): boolean => status !== 'closed';

/** R6.1: `{区/县名}{街道/镇名}社会工作服务站`, never typed by hand. */
export const standardStationName = (districtName: string, streetName: string): string =>
  `${districtName}${streetName}社会工作服务站`;

/** R5.2 functional areas: 社工办公区, 个案工作区, 小组工作区, 多功能活动区, 档案室. */
export const FUNCTIONAL_AREA_KINDS = ['office', 'casework', 'groupwork', 'multipurpose', 'archive'] as const;
export type FunctionalAreaKind = (typeof FUNCTIONAL_AREA_KINDS)[number];
export const FUNCTIONAL_AREA_NAMES: Readonly<Record<FunctionalAreaKind, string>> = {
  office: '社工办公区',
  casework: '个案工作区',
  groupwork: '小组工作区',
  multipurpose: '多功能活动区',
  archive: '档案室',
};

export interface FunctionalArea {
  readonly kind: FunctionalAreaKind;
  /** Floor area in hundredths of a square metre. */
  readonly areaHundredthsM2: number;
  /** Shared with other users or mixed with another area: allowed for every area but the office (R5.2). */
  readonly shared: boolean;
  readonly note?: string;
}

/** R5.1 site: location notes and office equipment; R5.2 functional areas. */
export interface Site {
  readonly location: { readonly transport: string; readonly accessibility: string; readonly notes?: string };
  readonly equipment: { readonly desks: number; readonly computers: number; readonly printers: number };
  readonly functionalAreas: readonly FunctionalArea[];
}

export interface Plaque {
  readonly present: boolean;
  readonly photoKeys: readonly string[];
  readonly installedOn?: IsoDate;
}

/** R6.1 signage: outdoor and indoor plaques with photos. */
export interface Signage {
  readonly outdoor: Plaque;
  readonly indoor: Plaque;
}

/** R7.1 work systems: 人员管理、财务管理、志愿者管理、服务场所使用管理、文书档案管理. */
export const WORK_SYSTEM_KINDS = ['personnel', 'finance', 'volunteer', 'venue', 'archive'] as const;
export type WorkSystemKind = (typeof WORK_SYSTEM_KINDS)[number];
export const WORK_SYSTEM_NAMES: Readonly<Record<WorkSystemKind, string>> = {
  personnel: '人员管理制度',
  finance: '财务管理制度',
  volunteer: '志愿者管理制度',
  venue: '服务场所使用管理制度',
  archive: '文书档案管理制度',
};

export interface WorkSystemDocument {
  readonly title: string;
  readonly documentKey: string;
  readonly adoptedOn: IsoDate;
}
export type WorkSystems = Partial<Record<WorkSystemKind, WorkSystemDocument>>;

/** R5.2: the office may not be shared, and each kind appears once. */
export function checkFunctionalAreas(areas: readonly FunctionalArea[]): void {
  const seen = new Set<FunctionalAreaKind>();
  for (const area of areas) {
    if (seen.has(area.kind)) {
      throw new DomainError(
        'DUPLICATE_FUNCTIONAL_AREA',
        422,
        '功能区重复',
        `功能区「${FUNCTIONAL_AREA_NAMES[area.kind]}」填写了两次；每种功能区只填一次。`,
        {
          rule: 'R5.2',
        },
      );
    }
    seen.add(area.kind);
    if (area.kind === 'office' && area.shared) {
      throw new DomainError(
        'OFFICE_AREA_SHARED',
        422,
        '社工办公区不得混合设置或共享',
        '社工办公区须独立设置，不得与其他功能区混用或与其他单位共享（shared 须为 false）。',
        {
          rule: 'R5.2',
        },
      );
    }
  }
}
