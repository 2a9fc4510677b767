import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { EXPORT_PAGE_SIZE, fetchAll } from '../../components/list-export';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { isoDate, Panel } from './common';

type Volunteer = components['schemas']['Volunteer'];
type Hours = components['schemas']['VolunteerHours'];

const volunteersKey = (station: string) => ['GET /stations/{id}/volunteers', { id: station }] as const;
const hoursKey = (station: string, month: string) =>
  ['GET /stations/{id}/volunteer-hours', { id: station, month }] as const;

/**
 * 志愿者 (issue 19): the station's volunteer register (the phone as the API masks it) and the month's volunteer
 * hours, entered as given; the month's total is the API's (服务记录 shows it under 本月服务统计).
 */
export function Volunteers({ stationId, month }: { stationId: string; month: string }) {
  const volunteers = useQuery({
    queryKey: volunteersKey(stationId),
    queryFn: () =>
      fetchAll((cursor) =>
        data(
          api.GET('/stations/{id}/volunteers', {
            params: {
              path: { id: stationId },
              query: { limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      ),
  });
  const hours = useQuery({
    queryKey: hoursKey(stationId, month),
    queryFn: () =>
      fetchAll((cursor) =>
        data(
          api.GET('/stations/{id}/volunteer-hours', {
            params: {
              path: { id: stationId },
              query: { month, limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      ),
  });
  const [registering, setRegistering] = useState(false);
  const [recording, setRecording] = useState(false);
  const nameOf = (id: string) => volunteers.data?.find((v) => v.id === id)?.name ?? '—';
  return (
    <Panel
      title="志愿者"
      extra={
        <Space wrap>
          {allowed('POST /stations/{id}/volunteers') && (
            <Button onClick={() => setRegistering(true)}>登记志愿者</Button>
          )}
          {allowed('POST /stations/{id}/volunteer-hours') && (
            <Button onClick={() => setRecording(true)}>记志愿服务时长</Button>
          )}
        </Space>
      }
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <ProblemAlert error={volunteers.error ?? hours.error} />
        <ScrollTable<Volunteer>
          label="志愿者名册"
          minWidth={560}
          rowKey="id"
          size="small"
          pagination={false}
          loading={volunteers.isLoading}
          dataSource={volunteers.data ?? []}
          locale={{ emptyText: '还没有登记志愿者' }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 110 },
            { title: '电话', dataIndex: 'phone', width: 130, render: (p?: string) => p ?? '—' },
            { title: '特长', dataIndex: 'skills', render: (s: string[]) => s.join('、') || '—' },
            {
              title: '登记日期',
              dataIndex: 'registeredOn',
              width: 140,
              render: (d: string) => <ChineseDate value={d} />,
            },
          ]}
        />
        <ScrollTable<Hours>
          label="本月志愿服务"
          minWidth={560}
          rowKey="id"
          size="small"
          pagination={false}
          loading={hours.isLoading}
          dataSource={hours.data ?? []}
          locale={{ emptyText: '本月还没有志愿服务记录' }}
          columns={[
            {
              title: '日期',
              dataIndex: 'date',
              width: 140,
              render: (d: string) => <ChineseDate value={d} />,
            },
            { title: '志愿者', width: 110, render: (_, h) => nameOf(h.volunteerId) },
            { title: '服务内容', dataIndex: 'activity' },
            {
              title: '时长',
              dataIndex: 'minutes',
              width: 100,
              align: 'right',
              render: (m: number) => `${m} 分钟`,
            },
          ]}
        />
      </Space>
      {registering && <RegisterVolunteer stationId={stationId} onDone={() => setRegistering(false)} />}
      {recording && (
        <RecordHours
          stationId={stationId}
          volunteers={volunteers.data ?? []}
          onDone={() => setRecording(false)}
        />
      )}
    </Panel>
  );
}

interface NewVolunteer {
  name: string;
  phone?: string;
  skills?: string;
  registeredOn: dayjs.Dayjs;
}

function RegisterVolunteer({ stationId, onDone }: { stationId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewVolunteer>();
  const save = useMutation({
    mutationFn: (v: NewVolunteer) =>
      data(
        api.POST('/stations/{id}/volunteers', {
          params: { path: { id: stationId } },
          body: {
            name: v.name.trim(),
            registeredOn: isoDate(v.registeredOn),
            skills: (v.skills ?? '')
              .split(/[;；、,，]/)
              .map((s) => s.trim())
              .filter(Boolean),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: volunteersKey(stationId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title="登记志愿者"
      name="volunteer"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      initialValues={{ registeredOn: dayjs() }}
    >
      <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="phone" label="手机号码" extra="加密保存，列表中只显示掩码">
        <Input maxLength={11} inputMode="tel" />
      </Form.Item>
      <Form.Item name="skills" label="特长" extra="多个用顿号或分号分隔">
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="registeredOn" label="登记日期" rules={[{ required: true, message: '请选择登记日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormDialog>
  );
}

interface NewHours {
  volunteerId: string;
  date: dayjs.Dayjs;
  minutes: number;
  activity: string;
}

function RecordHours({
  stationId,
  volunteers,
  onDone,
}: {
  stationId: string;
  volunteers: readonly Volunteer[];
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewHours>();
  const save = useMutation({
    mutationFn: (v: NewHours) =>
      data(
        api.POST('/stations/{id}/volunteer-hours', {
          params: { path: { id: stationId } },
          body: {
            volunteerId: v.volunteerId,
            date: isoDate(v.date),
            minutes: v.minutes,
            activity: v.activity.trim(),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['GET /stations/{id}/volunteer-hours'] });
      await queryClient.invalidateQueries({ queryKey: ['GET /stations/{id}/service-hours'] });
      onDone();
    },
  });
  return (
    <FormDialog
      title="记志愿服务时长"
      name="volunteer-hours"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      initialValues={{ date: dayjs() }}
    >
      <Form.Item name="volunteerId" label="志愿者" rules={[{ required: true, message: '请选择志愿者' }]}>
        <Select virtual={false} options={volunteers.map((v) => ({ value: v.id, label: v.name }))} />
      </Form.Item>
      <Form.Item name="date" label="服务日期" rules={[{ required: true, message: '请选择服务日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="minutes" label="时长（分钟）" rules={[{ required: true, message: '请填写时长' }]}>
        <InputNumber min={1} max={1440} precision={0} style={{ width: '100%' }} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="activity" label="服务内容" rules={[{ required: true, message: '请填写服务内容' }]}>
        <Input maxLength={200} />
      </Form.Item>
    </FormDialog>
  );
}
