import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Card } from 'antd';
import type dayjs from 'dayjs';
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

const readNeedsSurvey = (id: string, year: number) =>
  orNotYet(
    data(api.GET('/contracts/{id}/service-years/{year}/needs-survey', { params: { path: { id, year } } })),
  );
const readTaskBook = (id: string, year: number) =>
  orNotYet(
    data(api.GET('/contracts/{id}/service-years/{year}/task-book', { params: { path: { id, year } } })),
  );

/** Read with the service years (below) and refreshed after each change, so not read again on every mount. */
const DOCUMENT_STALE_MS = 30_000;

export const needsSurveyQuery = (id: string, year: number) => ({
  queryKey: keys.needsSurvey(id, year),
  queryFn: () => readNeedsSurvey(id, year),
  staleTime: DOCUMENT_STALE_MS,
});

export const taskBookQuery = (id: string, year: number) => ({
  queryKey: keys.taskBook(id, year),
  queryFn: () => readTaskBook(id, year),
  staleTime: DOCUMENT_STALE_MS,
});

/** R9.2 needs survey of a service year, `null` while none is drafted. */
export const useNeedsSurvey = (id: string, year: number) => useQuery(needsSurveyQuery(id, year));

/** R9.2 task book of a service year with its progress and completion rate, `null` while none is drafted. */
export const useTaskBook = (id: string, year: number) => useQuery(taskBookQuery(id, year));

/**
 * The contract's service years as the API knows them: year 1, 2, … until it answers that the year is beyond the
 * contract's period (SERVICE_YEAR_OUT_OF_PERIOD), so the page works out no service year from dates. Each year's
 * needs survey and task book, read on the way, go to their own cache entries.
 */
export function useServiceYears(id: string, enabled = true) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['GET /contracts/{id}/service-years/{year}', { id }] as const,
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async () => {
      const years: number[] = [];
      for (let year = 1; year <= 10; year++) {
        try {
          const [survey, book] = await Promise.all([readNeedsSurvey(id, year), readTaskBook(id, year)]);
          queryClient.setQueryData(keys.needsSurvey(id, year), survey);
          queryClient.setQueryData(keys.taskBook(id, year), book);
          years.push(year);
        } catch (e) {
          if (e instanceof ApiProblem && e.code === 'SERVICE_YEAR_OUT_OF_PERIOD') break;
          throw e;
        }
      }
      return years;
    },
  });
}

/**
 * What a service year still needs from the operator (R4.1 key domains, R9.2 drafting and confirming), and what
 * waits on the street office, as the contract and the API's documents (`awaiting`) say.
 */
export function awaitingOf(
  contract: Contract,
  year: number,
  survey: NeedsSurveyDocument | null | undefined,
  book: TaskBookDocument | null | undefined,
): { mine: string[]; theirs: string[] } {
  const mine: string[] = [];
  const theirs: string[] = [];
  if (!contract.keyDomains?.[String(year)]?.length) mine.push('确定重点服务领域');
  for (const [name, doc] of [
    ['需求调研', survey],
    ['任务书', book],
  ] as const) {
    if (!doc) mine.push(`起草${name}`);
    else if (doc.awaiting.includes('operator')) mine.push(`确认${name}`);
    else if (doc.awaiting.includes('street_office')) theirs.push(`${name}待街道确认`);
  }
  return { mine, theirs };
}

/**
 * The contract's service years and the first of them with something still open (for the operator or the street
 * office), with what is open in it: the year the operator is working on, found without any date arithmetic.
 */
export function useOpenYear(contract: Contract, enabled = true) {
  const years = useServiceYears(contract.id, enabled);
  const list = years.data ?? [];
  const surveys = useQueries({ queries: list.map((y) => needsSurveyQuery(contract.id, y)) });
  const books = useQueries({ queries: list.map((y) => taskBookQuery(contract.id, y)) });
  const loading = years.isLoading || surveys.some((q) => q.isLoading) || books.some((q) => q.isLoading);
  const error = years.error ?? surveys.find((q) => q.error)?.error ?? books.find((q) => q.error)?.error;
  const open = list
    .map((year, i) => ({ year, ...awaitingOf(contract, year, surveys[i]?.data, books[i]?.data) }))
    .find((a) => a.mine.length + a.theirs.length > 0);
  return { years: list, open, loading, error };
}

export function useWorkers(id: string) {
  return useQuery({
    queryKey: keys.workers(id),
    queryFn: () => data(api.GET('/contracts/{id}/workers', { params: { path: { id } } })),
  });
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
