import { useQuery } from '@tanstack/react-query';
import { Card } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useId } from 'react';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';

export type Contract = components['schemas']['Contract'];
export type NeedsSurveyDocument = components['schemas']['NeedsSurveyDocument'];
export type TaskBookDocument = components['schemas']['TaskBookDocument'];
export type Worker = components['schemas']['Worker'];
export type Ledger = components['schemas']['Ledger'];
export type LedgerEntry = components['schemas']['LedgerEntryRecord'];
export type SupervisionSession = components['schemas']['SupervisionSessionRecord'];
export type CoordinationMeeting = components['schemas']['CoordinationMeetingRecord'];

/** The cache entries of one contract's page: each read keyed by its route and its parameters. */
export const keys = {
  contract: (id: string) => ['GET /contracts/{id}', { id }] as const,
  needsSurvey: (id: string, year: number) =>
    ['GET /contracts/{id}/service-years/{year}/needs-survey', { id, year }] as const,
  taskBook: (id: string, year: number) =>
    ['GET /contracts/{id}/service-years/{year}/task-book', { id, year }] as const,
  workers: (id: string) => ['GET /contracts/{id}/workers', { id }] as const,
  ledger: (id: string) => ['GET /contracts/{id}/ledger', { id }] as const,
  supervision: (id: string) => ['GET /contracts/{id}/supervision-sessions', { id }] as const,
  meetings: (id: string) => ['GET /contracts/{id}/coordination-meetings', { id }] as const,
};

/** A document the API answers 404 for until it is first drafted: `null` then, any other problem thrown. */
async function orNotYet<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 404) return null;
    throw e;
  }
}

export function useContract(id: string) {
  return useQuery({
    queryKey: keys.contract(id),
    queryFn: () => data(api.GET('/contracts/{id}', { params: { path: { id } } })),
  });
}

/** R9.2 needs survey of a service year, `null` while none is drafted. */
export function useNeedsSurvey(id: string, year: number, enabled = true) {
  return useQuery({
    queryKey: keys.needsSurvey(id, year),
    enabled,
    queryFn: () =>
      orNotYet(
        data(
          api.GET('/contracts/{id}/service-years/{year}/needs-survey', { params: { path: { id, year } } }),
        ),
      ),
  });
}

/** R9.2 task book of a service year with its progress and completion rate, `null` while none is drafted. */
export function useTaskBook(id: string, year: number, enabled = true) {
  return useQuery({
    queryKey: keys.taskBook(id, year),
    enabled,
    queryFn: () =>
      orNotYet(
        data(api.GET('/contracts/{id}/service-years/{year}/task-book', { params: { path: { id, year } } })),
      ),
  });
}

export function useWorkers(id: string) {
  return useQuery({
    queryKey: keys.workers(id),
    queryFn: () => data(api.GET('/contracts/{id}/workers', { params: { path: { id } } })),
  });
}

/**
 * The service years of the contract's period, numbered as the API numbers them in its paths (`service-years/1`):
 * year n starts on the n-th anniversary of the start. Only to offer the choice; every date the API keys on is its own.
 */
export function serviceYears(period: Contract['servicePeriod']): number[] {
  const start = dayjs(period.start);
  const end = dayjs(period.end);
  const years: number[] = [];
  for (let n = 1; n <= 10 && !start.add(n - 1, 'year').isAfter(end); n++) years.push(n);
  return years;
}

/** The service year today falls in (the last one once the period is over, the first before it starts). */
export function currentServiceYear(period: Contract['servicePeriod']): number {
  const today = dayjs();
  const start = dayjs(period.start);
  const started = serviceYears(period).filter((n) => !start.add(n - 1, 'year').isAfter(today));
  return started.at(-1) ?? 1;
}

/** `YYYY-MM-DD` from a date picker's value, as the API takes dates. */
export const isoDate = (d: dayjs.Dayjs): string => d.format('YYYY-MM-DD');

/** One line a row: a text area's lines, trimmed, empty lines dropped. */
export const lines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

/**
 * Yuan as typed (`1234.56`, `1,234.5`) to the API's integer fen, by the digits alone (no floating point);
 * `undefined` when it is not an amount with at most two decimals.
 */
export function yuanToFen(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.replaceAll(',', '').replaceAll('，', '').trim());
  if (!m?.[1]) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

/** A card of the page as a region named by its heading (a level of the page's outline). */
export function Panel({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Card
        title={
          <h3 id={id} style={{ margin: 0, fontSize: 16, whiteSpace: 'normal' }}>
            {title}
          </h3>
        }
        extra={extra}
      >
        {children}
      </Card>
    </section>
  );
}
