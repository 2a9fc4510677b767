import * as z from 'zod';
import { clockShiftDays, now, shiftClock } from '#shared/clock';
import { daysBetween, isIsoDate, shanghaiDate } from '#shared/domain/calendar/dates';

/**
 * `GET /local/clock` and `POST /local/clock` with `{"today":"YYYY-MM-DD"}` (absent: back to the day the runtime
 * started on, real or `SGZ_TODAY`): the local runtime's clock, moved by whole days while it runs. It exists only in
 * the local gateway, as `POST /local/jobs/{job}` does: `npm run seed:demo` (infra/local/seed-demo.ts) replays a year
 * of history with it — reports uploaded on time or late, publicity published and objected to on the days they
 * were — and puts the clock back when it is done. Tokens are still issued and checked against real time.
 */
export const LOCAL_CLOCK_PATH = '/local/clock';

const Body = z.strictObject({
  today: z.string().refine(isIsoDate, { message: '须为 YYYY-MM-DD 格式的真实日期' }).optional(),
});

export interface LocalClockAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The shift the runtime started with (`SGZ_TODAY`), taken the first time the endpoint is called. */
let startShift: number | undefined;

const view = () => ({ today: shanghaiDate(now()), shiftDays: clockShiftDays() });

export function localClock(method: string, rawBody: string): LocalClockAnswer {
  startShift ??= clockShiftDays();
  if (method === 'GET') return { status: 200, body: view() };
  let json: unknown;
  try {
    json = JSON.parse(rawBody || '{}');
  } catch {
    return {
      status: 400,
      body: {
        type: 'urn:sgz:problem:malformed-json',
        title: '请求体不是有效的 JSON',
        detail: '请求体须为 JSON，例如 {"today":"2026-03-04"}。',
        status: 400,
        code: 'MALFORMED_JSON',
      },
    };
  }
  const parsed = Body.safeParse(json);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        type: 'urn:sgz:problem:validation-failed',
        title: '请求参数不符合要求',
        detail: 'body.today：须为 YYYY-MM-DD 格式的真实日期；不写则恢复本地系统启动时的日期。',
        status: 400,
        code: 'VALIDATION_FAILED',
      },
    };
  }
  const { today } = parsed.data;
  shiftClock(today === undefined ? startShift : daysBetween(shanghaiDate(new Date()), today));
  return { status: 200, body: view() };
}
