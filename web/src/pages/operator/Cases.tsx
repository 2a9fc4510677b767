import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Form, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { EXPORT_PAGE_SIZE, fetchAll } from '../../components/list-export';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { isoDate, lines, Panel, useWorkers } from './common';
import { useRegister } from './Recipients';

type Case = components['schemas']['Case'];
type Stage = Case['stage'];
type Outcome = NonNullable<Case['closing']>['outcome'];

const STAGE: Record<Stage, string> = {
  intake: '接案',
  assessment: '已预估',
  plan: '已制定计划',
  intervention: '服务介入中',
  closed: '已结案',
};
const OUTCOME: Record<Outcome, string> = {
  achieved: '达成',
  partly_achieved: '部分达成',
  not_achieved: '未达成',
};

/** The step the API takes next from each stage (its state machine decides; a refusal is shown as it comes). */
const NEXT: Partial<Record<Stage, 'assessment' | 'plan' | 'closing'>> = {
  intake: 'assessment',
  assessment: 'plan',
  plan: 'closing',
  intervention: 'closing',
};
const STEP_LABEL = { assessment: '预估', plan: '制定计划', closing: '结案' } as const;

export const casesKey = (station: string) => ['GET /stations/{id}/cases', { id: station }] as const;

/** Every page of the station's cases. */
export function useCases(stationId: string) {
  return useQuery({
    queryKey: casesKey(stationId),
    queryFn: () =>
      fetchAll((cursor) =>
        data(
          api.GET('/stations/{id}/cases', {
            params: {
              path: { id: stationId },
              query: { limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          }),
        ),
      ),
  });
}

/**
 * 个案 (issue 19): each case from intake through assessment and plan to its interventions (service records of the
 * kind 个案服务, entered in 服务记录) and the closing with its outcome. The person shows as the API masks them.
 */
export function Cases({ contractId, stationId }: { contractId: string; stationId: string }) {
  const cases = useCases(stationId);
  const register = useRegister(stationId);
  const workers = useWorkers(contractId);
  const [opening, setOpening] = useState(false);
  const [step, setStep] = useState<{ c: Case; step: 'assessment' | 'plan' | 'closing' }>();
  const personOf = (id: string) => register.data?.items.find((r) => r.id === id)?.name ?? '—';
  const workerOf = (id: string) => workers.data?.items.find((w) => w.id === id)?.name ?? '其他社工';
  return (
    <Panel
      title="个案"
      extra={allowed('POST /stations/{id}/cases') && <Button onClick={() => setOpening(true)}>开案</Button>}
    >
      <ProblemAlert error={cases.error} />
      <ScrollTable<Case>
        label="个案列表"
        minWidth={760}
        rowKey="id"
        size="small"
        pagination={false}
        loading={cases.isLoading}
        dataSource={cases.data ?? []}
        locale={{ emptyText: '还没有个案' }}
        columns={[
          { title: '服务对象', width: 100, render: (_, c) => personOf(c.recipientId) },
          { title: '个案社工', width: 100, render: (_, c) => workerOf(c.workerId) },
          {
            title: '接案日期',
            dataIndex: 'openedOn',
            width: 130,
            render: (d: string) => <ChineseDate value={d} />,
          },
          { title: '求助问题', dataIndex: 'presentingProblem' },
          {
            title: '阶段',
            width: 150,
            render: (_, c) => (
              <StatusTag color={c.stage === 'closed' ? 'default' : 'blue'}>
                {STAGE[c.stage]}
                {c.closing ? `（${OUTCOME[c.closing.outcome]}）` : ''}
              </StatusTag>
            ),
          },
          { title: '干预', width: 70, align: 'right', render: (_, c) => `${c.interventionIds.length} 次` },
          ...(allowed('POST /cases/{id}/closing')
            ? [
                {
                  title: '操作',
                  width: 110,
                  render: (_: unknown, c: Case) => {
                    const next = NEXT[c.stage];
                    return (
                      next && (
                        <Button
                          size="small"
                          onClick={() => setStep({ c, step: next })}
                          aria-label={`${STEP_LABEL[next]}：${personOf(c.recipientId)}`}
                        >
                          {STEP_LABEL[next]}
                        </Button>
                      )
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      {opening && <OpenCase contractId={contractId} stationId={stationId} onDone={() => setOpening(false)} />}
      {step && (
        <CaseStep stationId={stationId} c={step.c} step={step.step} onDone={() => setStep(undefined)} />
      )}
    </Panel>
  );
}

interface NewCase {
  recipientId: string;
  workerId: string;
  presentingProblem: string;
  openedOn: dayjs.Dayjs;
}

function OpenCase({
  contractId,
  stationId,
  onDone,
}: {
  contractId: string;
  stationId: string;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const register = useRegister(stationId);
  const workers = useWorkers(contractId);
  const [form] = Form.useForm<NewCase>();
  const save = useMutation({
    mutationFn: (v: NewCase) =>
      data(
        api.POST('/stations/{id}/cases', {
          params: { path: { id: stationId } },
          body: {
            recipientId: v.recipientId,
            workerId: v.workerId,
            presentingProblem: v.presentingProblem.trim(),
            openedOn: isoDate(v.openedOn),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: casesKey(stationId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title="开案"
      name="open-case"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      initialValues={{ openedOn: dayjs() }}
    >
      <Form.Item name="recipientId" label="服务对象" rules={[{ required: true, message: '请选择服务对象' }]}>
        <Select
          virtual={false}
          showSearch
          optionFilterProp="label"
          loading={register.isLoading}
          options={(register.data?.items ?? [])
            .filter((r) => r.status === 'active')
            .map((r) => ({ value: r.id, label: r.name ?? r.id }))}
        />
      </Form.Item>
      <Form.Item name="workerId" label="个案社工" rules={[{ required: true, message: '请选择个案社工' }]}>
        <Select
          virtual={false}
          loading={workers.isLoading}
          options={(workers.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
        />
      </Form.Item>
      <Form.Item name="openedOn" label="接案日期" rules={[{ required: true, message: '请选择接案日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="presentingProblem"
        label="求助问题"
        rules={[{ required: true, message: '请填写求助问题' }]}
        extra="不写姓名、电话等个人信息"
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </FormDialog>
  );
}

interface StepValues {
  on: dayjs.Dayjs;
  text: string;
  outcome?: Outcome;
}

/** One step of a case: 预估 (findings), 制定计划 (goals, one a line) or 结案 (outcome and summary). */
function CaseStep({
  stationId,
  c,
  step,
  onDone,
}: {
  stationId: string;
  c: Case;
  step: 'assessment' | 'plan' | 'closing';
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<StepValues>();
  const save = useMutation({
    mutationFn: (v: StepValues) => {
      const path = { params: { path: { id: c.id } } };
      const on = isoDate(v.on);
      if (step === 'assessment')
        return data(
          api.POST('/cases/{id}/assessment', {
            ...path,
            body: { version: c.version, on, findings: v.text.trim() },
          }),
        );
      if (step === 'plan')
        return data(
          api.POST('/cases/{id}/plan', { ...path, body: { version: c.version, on, goals: lines(v.text) } }),
        );
      return data(
        api.POST('/cases/{id}/closing', {
          ...path,
          body: { version: c.version, on, outcome: v.outcome ?? 'achieved', summary: v.text.trim() },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: casesKey(stationId) });
      onDone();
    },
  });
  const label = { assessment: '预估结论', plan: '服务目标（每行一个）', closing: '结案小结' }[step];
  return (
    <FormDialog
      title={`个案${STEP_LABEL[step]}`}
      name={`case-${step}`}
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      initialValues={{ on: dayjs() }}
    >
      <Form.Item name="on" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      {step === 'closing' && (
        <Form.Item
          name="outcome"
          label="目标达成情况"
          rules={[{ required: true, message: '请选择目标达成情况' }]}
        >
          <Select
            virtual={false}
            options={(Object.keys(OUTCOME) as Outcome[]).map((o) => ({ value: o, label: OUTCOME[o] }))}
          />
        </Form.Item>
      )}
      <Form.Item
        name="text"
        label={label}
        rules={[{ required: true, message: `请填写${label.replace(/（.*）/, '')}` }]}
      >
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
    </FormDialog>
  );
}
