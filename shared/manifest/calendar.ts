import {
  CalendarYearBody,
  CalendarYearParams,
  CalendarYearView,
  WorkingDaysQuery,
  WorkingDaysView,
} from '#shared/contracts/calendar.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';

/** The holiday calendar (节假日) and working days. Handlers under functions/http/calendar/. */

export const putCalendarYearRoute = {
  method: 'PUT',
  path: '/calendar/years/{year}',
  handler: 'functions/http/calendar/put-calendar-year.handler.ts',
  access: ['city_civil_affairs'],
  summary: '录入或更正某年的节假日与调休安排',
  tag: 'calendar',
  request: { params: CalendarYearParams, body: CalendarYearBody },
  response: { status: 200, schema: CalendarYearView, description: '已保存' },
} as const satisfies RouteDefinition;

export const getWorkingDaysRoute = {
  method: 'GET',
  path: '/calendar/working-days',
  handler: 'functions/http/calendar/get-working-days.handler.ts',
  access: 'public',
  summary: '工作日计算（区间内工作日，或起算日加减 N 个工作日）',
  tag: 'calendar',
  request: { query: WorkingDaysQuery },
  response: { status: 200, schema: WorkingDaysView, description: '计算结果' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const calendarRoutes = {
  putCalendarYear: putCalendarYearRoute,
  getWorkingDays: getWorkingDaysRoute,
} as const satisfies Record<string, RouteDefinition>;
