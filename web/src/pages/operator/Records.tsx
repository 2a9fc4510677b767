import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { MEETING_PARTY } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import {
  type CoordinationMeeting,
  isoDate,
  keys,
  lines,
  Panel,
  type SupervisionSession,
  useWorkers,
} from './common';

/** R14.1 督导记录: who supervised whom, how long, on what; the operator adds sessions for workers on its roster. */
export function SupervisionSessions({ contractId }: { contractId: string }) {
  const sessions = useQuery({
    queryKey: keys.supervision(contractId),
    queryFn: async () =>
      (await data(api.GET('/contracts/{id}/supervision-sessions', { params: { path: { id: contractId } } })))
        .items,
  });
  const workers = useWorkers(contractId);
  const nameOf = (id: string) => workers.data?.items.find((w) => w.id === id)?.name ?? '—';
  const [adding, setAdding] = useState(false);
  return (
    <Panel
      title="督导记录"
      extra={
        allowed('POST /contracts/{id}/supervision-sessions') && (
          <Button onClick={() => setAdding(true)}>添加督导记录</Button>
        )
      }
    >
      <ProblemAlert error={sessions.error} />
      <ScrollTable<SupervisionSession>
        label="督导记录列表"
        minWidth={760}
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isLoading}
        dataSource={sessions.data ?? []}
        locale={{ emptyText: '还没有督导记录' }}
        columns={[
          {
            title: '日期',
            dataIndex: 'heldOn',
            width: 140,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '督导者',
            width: 220,
            render: (_, s) =>
              [s.supervisor.name, s.supervisor.qualification, s.supervisor.organisation]
                .filter(Boolean)
                .join('，'),
          },
          { title: '受督导社工', render: (_, s) => s.workerIds.map(nameOf).join('、') },
          {
            title: '时长',
            dataIndex: 'minutes',
            width: 90,
            align: 'right',
            render: (m: number) => `${m} 分钟`,
          },
          { title: '主题', render: (_, s) => s.topics.join('；') },
        ]}
      />
      {adding && <AddSupervision contractId={contractId} onDone={() => setAdding(false)} />}
    </Panel>
  );
}

interface NewSupervision {
  heldOn: dayjs.Dayjs;
  supervisorName: string;
  supervisorQualification: string;
  supervisorOrganisation?: string;
  workerIds: string[];
  minutes: number;
  topics: string;
}

function AddSupervision({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const workers = useWorkers(contractId);
  const [form] = Form.useForm<NewSupervision>();
  const save = useMutation({
    mutationFn: (v: NewSupervision) =>
      data(
        api.POST('/contracts/{id}/supervision-sessions', {
          params: { path: { id: contractId } },
          body: {
            heldOn: isoDate(v.heldOn),
            supervisor: {
              name: v.supervisorName.trim(),
              qualification: v.supervisorQualification.trim(),
              ...(v.supervisorOrganisation?.trim() ? { organisation: v.supervisorOrganisation.trim() } : {}),
            },
            workerIds: v.workerIds,
            minutes: v.minutes,
            topics: lines(v.topics),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.supervision(contractId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title="添加督导记录"
      name="supervision"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
    >
      <Form.Item name="heldOn" label="督导日期" rules={[{ required: true, message: '请选择督导日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="supervisorName"
        label="督导者姓名"
        rules={[{ required: true, message: '请填写督导者' }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="supervisorQualification"
        label="督导者资质"
        rules={[{ required: true, message: '请填写督导者资质' }]}
      >
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="supervisorOrganisation" label="督导者所在机构">
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="workerIds"
        label="受督导社工"
        rules={[{ required: true, message: '请选择受督导社工' }]}
      >
        <Select
          virtual={false}
          mode="multiple"
          loading={workers.isLoading}
          options={(workers.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
        />
      </Form.Item>
      <Form.Item name="minutes" label="时长（分钟）" rules={[{ required: true, message: '请填写时长' }]}>
        <InputNumber min={15} max={600} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="topics"
        label="督导主题（每行一个）"
        rules={[{ required: true, message: '请填写督导主题' }]}
      >
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormDialog>
  );
}

/** R8.2 协调会议: district, street office and station on the project's issues and who follows up what. */
export function CoordinationMeetings({ contractId }: { contractId: string }) {
  const meetings = useQuery({
    queryKey: keys.meetings(contractId),
    queryFn: async () =>
      (await data(api.GET('/contracts/{id}/coordination-meetings', { params: { path: { id: contractId } } })))
        .items,
  });
  const [adding, setAdding] = useState(false);
  return (
    <Panel
      title="协调会议"
      extra={
        allowed('POST /contracts/{id}/coordination-meetings') && (
          <Button onClick={() => setAdding(true)}>添加会议记录</Button>
        )
      }
    >
      <ProblemAlert error={meetings.error} />
      <ScrollTable<CoordinationMeeting>
        label="协调会议记录"
        minWidth={760}
        rowKey="id"
        size="small"
        pagination={false}
        loading={meetings.isLoading}
        dataSource={meetings.data ?? []}
        locale={{ emptyText: '还没有协调会议记录' }}
        columns={[
          {
            title: '日期',
            dataIndex: 'heldOn',
            width: 140,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '参会方',
            width: 200,
            render: (_, m) => m.parties.map((p) => MEETING_PARTY[p] ?? p).join('、'),
          },
          { title: '议题', render: (_, m) => m.issues.join('；') },
          {
            title: '跟进事项',
            render: (_, m) =>
              m.followUps.length === 0
                ? '—'
                : m.followUps.map((f) => (
                    <div key={`${f.action}-${f.owner}`}>
                      {f.action}（{f.owner}
                      {f.dueOn && (
                        <>
                          ，<ChineseDate value={f.dueOn} />前
                        </>
                      )}
                      ）
                    </div>
                  )),
          },
          { title: '记录人', dataIndex: 'recordedBy', width: 100 },
        ]}
      />
      {adding && <AddMeeting contractId={contractId} onDone={() => setAdding(false)} />}
    </Panel>
  );
}

interface NewMeeting {
  heldOn: dayjs.Dayjs;
  parties: ('district' | 'street' | 'station')[];
  issues: string;
  followUps?: { action?: string; owner?: string; dueOn?: dayjs.Dayjs }[];
}

function AddMeeting({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewMeeting>();
  const save = useMutation({
    mutationFn: (v: NewMeeting) =>
      data(
        api.POST('/contracts/{id}/coordination-meetings', {
          params: { path: { id: contractId } },
          body: {
            heldOn: isoDate(v.heldOn),
            parties: v.parties,
            issues: lines(v.issues),
            followUps: (v.followUps ?? [])
              .filter((f) => f.action?.trim() && f.owner?.trim())
              .map((f) => ({
                action: (f.action ?? '').trim(),
                owner: (f.owner ?? '').trim(),
                ...(f.dueOn ? { dueOn: isoDate(f.dueOn) } : {}),
              })),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.meetings(contractId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title="添加协调会议记录"
      name="meeting"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      width={720}
    >
      <Form.Item name="heldOn" label="会议日期" rules={[{ required: true, message: '请选择会议日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="parties" label="参会方" rules={[{ required: true, message: '请选择参会方' }]}>
        <Checkbox.Group options={Object.entries(MEETING_PARTY).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
      <Form.Item name="issues" label="议题（每行一个）" rules={[{ required: true, message: '请填写议题' }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.List name="followUps">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} wrap align="start">
                <Form.Item name={[field.name, 'action']} label="跟进事项">
                  <Input style={{ width: 220 }} maxLength={500} />
                </Form.Item>
                <Form.Item name={[field.name, 'owner']} label="负责方">
                  <Input style={{ width: 120 }} maxLength={100} />
                </Form.Item>
                <Form.Item name={[field.name, 'dueOn']} label="完成期限">
                  <DatePicker />
                </Form.Item>
                <Button style={{ marginTop: 30 }} onClick={() => remove(field.name)}>
                  删除
                </Button>
              </Space>
            ))}
            <Button onClick={() => add({})}>添加跟进事项</Button>
          </>
        )}
      </Form.List>
    </FormDialog>
  );
}
