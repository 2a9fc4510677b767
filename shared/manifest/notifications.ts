import {
  DeliveryPage,
  ListDeliveriesQuery,
  ListNotificationsQuery,
  NotificationPage,
  NotificationParams,
  NotificationSettingsBody,
  NotificationSettingsView,
  NotificationView,
} from '#shared/contracts/reports.schema';
import type { RouteDefinition } from '#shared/manifest/definitions';
import { EVERY_ROLE } from '#shared/manifest/readers';

/** Notices to the parties (站内通知) and their channels. Handlers under functions/http/notifications/. */

export const listNotificationsRoute = {
  method: 'GET',
  path: '/notifications',
  handler: 'functions/http/notifications/list-notifications.handler.ts',
  access: EVERY_ROLE,
  summary: '本单位通知收件箱',
  tag: 'notifications',
  request: { query: ListNotificationsQuery },
  response: { status: 200, schema: NotificationPage, description: '一页通知（新在前）' },
} as const satisfies RouteDefinition;

export const listNotificationDeliveriesRoute = {
  method: 'GET',
  path: '/notification-deliveries',
  handler: 'functions/http/notifications/list-notification-deliveries.handler.ts',
  access: ['city_civil_affairs', 'city_finance', 'district_civil_affairs', 'district_finance', 'auditor'],
  summary: '最终未送达的通知发送记录（区县看本区县，市级看全部）',
  tag: 'notifications',
  request: { query: ListDeliveriesQuery },
  response: { status: 200, schema: DeliveryPage, description: '一页发送记录（先失败的在前）' },
} as const satisfies RouteDefinition;

export const markNotificationReadRoute = {
  method: 'POST',
  path: '/notifications/{id}/read',
  handler: 'functions/http/notifications/mark-notification-read.handler.ts',
  access: EVERY_ROLE,
  summary: '标记通知已读',
  tag: 'notifications',
  request: { params: NotificationParams },
  response: { status: 200, schema: NotificationView, description: '已读通知' },
} as const satisfies RouteDefinition;

export const getNotificationSettingsRoute = {
  method: 'GET',
  path: '/notification-settings',
  handler: 'functions/http/notifications/get-notification-settings.handler.ts',
  access: EVERY_ROLE,
  summary: '本单位通知邮箱与手机号（手机号掩码显示）',
  tag: 'notifications',
  response: { status: 200, schema: NotificationSettingsView, description: '通知设置' },
} as const satisfies RouteDefinition;

export const putNotificationSettingsRoute = {
  method: 'PUT',
  path: '/notification-settings',
  handler: 'functions/http/notifications/put-notification-settings.handler.ts',
  access: EVERY_ROLE,
  summary: '设置本单位通知邮箱与接收短信的手机号（手机号加密存储）',
  tag: 'notifications',
  request: { body: NotificationSettingsBody },
  response: { status: 200, schema: NotificationSettingsView, description: '通知设置' },
} as const satisfies RouteDefinition;

/** This area's routes by id, in the order the index assembles them. */
export const notificationsRoutes = {
  listNotifications: listNotificationsRoute,
  listNotificationDeliveries: listNotificationDeliveriesRoute,
  markNotificationRead: markNotificationReadRoute,
  getNotificationSettings: getNotificationSettingsRoute,
  putNotificationSettings: putNotificationSettingsRoute,
} as const satisfies Record<string, RouteDefinition>;
