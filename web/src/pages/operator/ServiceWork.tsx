import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Statistic,
  Tag,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { SERVICE_KIND } from '../../components/labels';
import { EXPORT_PAGE_SIZE, fetchAll } from '../../components/list-export';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { Cases, casesKey, useCases } from './Cases';
import { isoDate, Panel, useWorkers } from './common';
import { useRegister } from './Recipients';
import { Volunteers } from './Volunteers';

type ServiceRecord = components['schemas']['ServiceRecord'];
type Kind = ServiceRecord['kind'];

const serviceKeys = {
  records: (station: string, month: string) =>
    ['GET /stations/{id}/service-records', { id: station, month }] as const,
  hours: (station: string, month: string) =>
    ['GET /stations/{id}/service-hours', { id: station, month }] as const,
};

/** Minutes as a social worker reads a duration: 1 小时 30 分钟 (the totals are the API's hours). */
const duration = (m: number) =>
  m >= 60 ? `${Math.floor(m / 60)} 小时${m % 60 ? ` ${m % 60} 分钟` : ''}` : `${m} 分钟`;

/**
 * The station's service work of a month (服务记录, issue 19): the API's totals (service hours from the records'
 * minutes, records by kind, people served), the records themselves, and a short form to enter the day's visit,
 * group session or activity — made for a phone in the evening as much as for a desk. The records of the whole
 * station show, whoever's contract they were entered under; only the operator of the contract in force adds.
 */
export function ServiceWork({ contractId, stationId }: { contractId: string; stationId: string }) {
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [adding, setAdding] = useState(false);
  const [voiding, setVoiding] = useState<ServiceRecord>();
  const workers = useWorkers(contractId);
  const nameOf = (id: string) => workers.data?.items.find((w) => w.id === id)?.name ?? '其他社工';
  const hours = useQuery({
    queryKey: serviceKeys.hours(stationId, month),
    queryFn: () =>
      data(
        api.GET('/stations/{id}/service-hours', { params: { path: { id: stationId }, query: { month } } }),
      ),
  });
  const records = useQuery({
    queryKey: serviceKeys.records(stationId, month),
    queryFn: () =>
      fetchAll((cursor) =>
        data(
          api.GET('/stations/{id}/service-records', {
            params: {
              path: { id: stationId },
              query: { month, limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      ),
  });
  const h = hours.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap>
        <label htmlFor="service-month">月份</label>
        <DatePicker
          id="service-month"
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          format="YYYY年M月"
        />
        {allowed('POST /stations/{id}/service-records') && (
          <Button type="primary" onClick={() => setAdding(true)}>
            记一条服务
          </Button>
        )}
      </Space>
      <Panel title="本月服务统计">
        <ProblemAlert error={hours.error} />
        {h && (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Space wrap size={32}>
              <Stat title="服务时数" value={h.hours} suffix="小时" />
              <Stat title="服务记录" value={h.records} suffix="条" />
              <Stat title="服务对象" value={h.distinctRecipients} suffix="人" />
              <Stat title="督导" value={h.supervision.hours} suffix="小时" />
              <Stat title="志愿服务" value={h.volunteers.hours} suffix="小时" />
            </Space>
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 5 }} aria-label="各类服务记录条数">
              {(Object.keys(SERVICE_KIND) as Kind[]).map((k) => (
                <Descriptions.Item key={k} label={SERVICE_KIND[k]}>
                  {h.byKind[k] ?? 0} 条
                </Descriptions.Item>
              ))}
            </Descriptions>
            {h.workers.length > 0 && (
              <ScrollTable
                label="社工服务时数"
                minWidth={420}
                rowKey="workerId"
                size="small"
                pagination={false}
                dataSource={h.workers}
                columns={[
                  { title: '社工', render: (_, w) => nameOf(w.workerId) },
                  {
                    title: '服务记录',
                    dataIndex: 'records',
                    align: 'right',
                    render: (n: number) => `${n} 条`,
                  },
                  {
                    title: '服务时数',
                    dataIndex: 'hours',
                    align: 'right',
                    render: (x: string) => `${x} 小时`,
                  },
                  {
                    title: '督导时数',
                    dataIndex: 'supervisionHours',
                    align: 'right',
                    render: (x: string) => `${x} 小时`,
                  },
                ]}
              />
            )}
          </Space>
        )}
      </Panel>
      <Panel title="服务记录">
        <ProblemAlert error={records.error} />
        <ScrollTable<ServiceRecord>
          label="服务记录列表"
          minWidth={720}
          rowKey="id"
          size="small"
          pagination={false}
          loading={records.isLoading}
          dataSource={records.data ?? []}
          locale={{ emptyText: '本月还没有服务记录' }}
          columns={[
            {
              title: '日期',
              dataIndex: 'date',
              width: 130,
              render: (d: string) => <ChineseDate value={d} />,
            },
            { title: '类型', dataIndex: 'kind', width: 100, render: (k: Kind) => SERVICE_KIND[k] ?? k },
            {
              title: '主题',
              render: (_, r) => (
                <Space size={4} wrap>
                  {r.title}
                  {r.status === 'void' && <Tag>已作废</Tag>}
                </Space>
              ),
            },
            { title: '社工', render: (_, r) => r.workerIds.map(nameOf).join('、') },
            {
              title: '服务对象',
              width: 90,
              align: 'right',
              render: (_, r) => `${r.headcount ?? r.recipientIds.length} 人`,
            },
            { title: '时长', dataIndex: 'minutes', width: 130, align: 'right', render: duration },
            ...(allowed('DELETE /service-records/{id}')
              ? [
                  {
                    title: '操作',
                    width: 90,
                    render: (_: unknown, r: ServiceRecord) =>
                      r.status === 'recorded' && (
                        <Button size="small" onClick={() => setVoiding(r)} aria-label={`作废：${r.title}`}>
                          作废
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Panel>
      <Cases contractId={contractId} stationId={stationId} />
      <Volunteers stationId={stationId} month={month} />
      {adding && (
        <AddRecord
          contractId={contractId}
          stationId={stationId}
          onDone={(on) => {
            setAdding(false);
            if (on) setMonth(on.slice(0, 7));
          }}
        />
      )}
      {voiding && <VoidRecord record={voiding} onDone={() => setVoiding(undefined)} />}
    </Space>
  );
}

/** A figure of the API's, as a group named by its title (so it reads, and is found, as 服务时数 1.5 小时). */
function Stat({ title, value, suffix }: { title: string; value: string | number; suffix: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a figure, not form controls (which a fieldset would group)
    <div role="group" aria-label={title}>
      <Statistic title={title} value={value} suffix={suffix} />
    </div>
  );
}

interface NewRecord {
  kind: Kind;
  date: dayjs.Dayjs;
  title: string;
  minutes: number;
  workerIds: string[];
  recipientIds?: string[];
  headcount?: number;
  caseId?: string;
  notes?: string;
}

function AddRecord({
  contractId,
  stationId,
  onDone,
}: {
  contractId: string;
  stationId: string;
  onDone: (on?: string) => void;
}) {
  const queryClient = useQueryClient();
  const workers = useWorkers(contractId);
  const recipients = useRegister(stationId);
  const cases = useCases(stationId);
  const [form] = Form.useForm<NewRecord>();
  const kind = Form.useWatch('kind', form);
  const save = useMutation({
    mutationFn: (v: NewRecord) =>
      data(
        api.POST('/stations/{id}/service-records', {
          params: { path: { id: stationId } },
          body: {
            kind: v.kind,
            date: isoDate(v.date),
            title: v.title.trim(),
            minutes: v.minutes,
            workerIds: v.workerIds,
            recipientIds: v.recipientIds ?? [],
            ...(v.headcount !== undefined && v.headcount !== null ? { headcount: v.headcount } : {}),
            ...(v.kind === 'case-intervention' && v.caseId ? { caseId: v.caseId } : {}),
            ...(v.notes?.trim() ? { notes: v.notes.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['GET /stations/{id}/service-records'] });
      await queryClient.invalidateQueries({ queryKey: ['GET /stations/{id}/service-hours'] });
      await queryClient.invalidateQueries({ queryKey: casesKey(stationId) });
      onDone(saved.date);
    },
  });
  return (
    <FormDialog
      title="记一条服务"
      name="service-record"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={() => onDone()}
      initialValues={{ kind: 'visit-home', date: dayjs() }}
      onValuesChange={(changed) => {
        // An intervention serves its case's person: picking the case puts them among the people served.
        const person = changed.caseId && cases.data?.find((c) => c.id === changed.caseId)?.recipientId;
        const served = form.getFieldValue('recipientIds') ?? [];
        if (person && !served.includes(person)) form.setFieldValue('recipientIds', [...served, person]);
      }}
    >
      <Form.Item name="kind" label="服务类型" rules={[{ required: true, message: '请选择服务类型' }]}>
        <Select
          virtual={false}
          options={(Object.keys(SERVICE_KIND) as Kind[]).map((k) => ({ value: k, label: SERVICE_KIND[k] }))}
        />
      </Form.Item>
      <Form.Item name="date" label="服务日期" rules={[{ required: true, message: '请选择服务日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="title" label="主题" rules={[{ required: true, message: '请填写主题' }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="minutes"
        label="时长（分钟）"
        rules={[{ required: true, message: '请填写服务时长' }]}
        extra="按实际分钟填写，服务时数由系统统计"
      >
        <InputNumber min={1} max={1440} precision={0} style={{ width: '100%' }} inputMode="numeric" />
      </Form.Item>
      <Form.Item name="workerIds" label="服务社工" rules={[{ required: true, message: '请选择服务社工' }]}>
        <Select
          virtual={false}
          mode="multiple"
          loading={workers.isLoading}
          options={(workers.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
        />
      </Form.Item>
      <Form.Item
        name="recipientIds"
        label={kind === 'group-session' ? '出席的服务对象' : '服务对象'}
        extra="从本站服务对象档案中选择（姓名已掩码）"
      >
        <Select
          virtual={false}
          mode="multiple"
          loading={recipients.isLoading}
          optionFilterProp="label"
          options={(recipients.data?.items ?? [])
            .filter((r) => r.status === 'active')
            .map((r) => ({ value: r.id, label: r.name ?? r.id }))}
        />
      </Form.Item>
      {kind === 'case-intervention' && (
        <Form.Item
          name="caseId"
          label="所属个案"
          rules={[{ required: true, message: '请选择所属个案' }]}
          extra="服务计划已制定、尚未结案的个案"
        >
          <Select
            virtual={false}
            loading={cases.isLoading}
            options={(cases.data ?? [])
              .filter((c) => c.stage === 'plan' || c.stage === 'intervention')
              .map((c) => ({
                value: c.id,
                label: `${recipients.data?.items.find((r) => r.id === c.recipientId)?.name ?? '—'}：${c.presentingProblem.slice(0, 20)}`,
              }))}
          />
        </Form.Item>
      )}
      {kind === 'community-activity' && (
        <Form.Item
          name="headcount"
          label="参与总人数"
          rules={[{ required: true, message: '请填写参与总人数' }]}
          extra="含未建档的居民"
        >
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} inputMode="numeric" />
        </Form.Item>
      )}
      <Form.Item name="notes" label="服务内容摘要" extra="不写服务对象的姓名、电话等个人信息">
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormDialog>
  );
}

/** Voiding keeps the record (it no longer counts in the hours) and asks why; the API audits it. */
function VoidRecord({ record, onDone }: { record: ServiceRecord; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: (v: { reason: string }) =>
      data(
        api.DELETE('/service-records/{id}', {
          params: { path: { id: record.id } },
          body: { version: record.version, reason: v.reason.trim() },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['GET /stations/{id}/service-records'] });
      await queryClient.invalidateQueries({ queryKey: ['GET /stations/{id}/service-hours'] });
      onDone();
    },
  });
  return (
    <FormDialog
      title={`作废服务记录：${record.title}`}
      name="void-service-record"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      okText="作废"
      danger
    >
      <Form.Item name="reason" label="作废理由" rules={[{ required: true, message: '请填写作废理由' }]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
