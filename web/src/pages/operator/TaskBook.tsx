import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Statistic,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { SERVICE_DOMAIN } from '../../components/labels';
import { Percent } from '../../components/Percent';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { awaitsMe, Confirmations } from './Confirmations';
import { isoDate, keys, Panel, type TaskBookDocument, useTaskBook } from './common';

type Task = TaskBookDocument['content']['items'][number];

/**
 * R9.2 项目任务书: its tasks with targets, confirmed by the operator and the street office like the needs survey;
 * once in force, the operator records each task's progress and the API gives the completion rate.
 */
export function TaskBook({ contractId, year }: { contractId: string; year: number }) {
  const queryClient = useQueryClient();
  const book = useTaskBook(contractId, year);
  const [drafting, setDrafting] = useState(false);
  const [progressOf, setProgressOf] = useState<Task>();
  const doc = book.data;
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.taskBook(contractId, year) });
  const confirm = useMutation({
    mutationFn: (version: number) =>
      data(
        api.POST('/contracts/{id}/service-years/{year}/task-book/confirmations', {
          params: { path: { id: contractId, year } },
          body: { version },
        }),
      ),
    onSuccess: refresh,
  });
  const mayDraft = allowed('PUT /contracts/{id}/service-years/{year}/task-book');
  const mayConfirm = allowed('POST /contracts/{id}/service-years/{year}/task-book/confirmations');
  const mayRecord = allowed('PUT /contracts/{id}/service-years/{year}/task-book/tasks/{taskId}/progress');
  return (
    <Panel
      title="项目任务书"
      extra={
        mayDraft &&
        book.isSuccess && (
          <Button onClick={() => setDrafting(true)}>{doc ? '修订任务书' : '起草任务书'}</Button>
        )
      }
    >
      <ProblemAlert error={book.error ?? confirm.error} />
      {book.isLoading && <Spin />}
      {book.isSuccess && !doc && (
        <Typography.Text type="secondary">本服务年度的项目任务书尚未起草</Typography.Text>
      )}
      {doc && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Statistic
            title="任务完成率"
            valueRender={() => <Percent bp={doc.completionRateBasisPoints} />}
            styles={{ content: { fontSize: 20 } }}
          />
          <ScrollTable<Task>
            label="任务书事项"
            minWidth={720}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={doc.content.items}
            columns={[
              { title: '编号', dataIndex: 'id', width: 70 },
              {
                title: '类别',
                dataIndex: 'category',
                width: 120,
                render: (c: string) => SERVICE_DOMAIN[c] ?? c,
              },
              { title: '事项', dataIndex: 'title' },
              {
                title: '目标',
                width: 100,
                align: 'right',
                render: (_, t) => `${t.target} ${t.unit}`,
              },
              {
                title: '实际',
                width: 160,
                align: 'right',
                render: (_, t) => {
                  const p = doc.progress?.[t.id];
                  return p ? (
                    <>
                      {p.actual} {t.unit}
                      <br />
                      <Typography.Text type="secondary">
                        截至 <ChineseDate value={p.asOf} />
                      </Typography.Text>
                    </>
                  ) : (
                    '—'
                  );
                },
              },
              ...(mayRecord && doc.inEffect
                ? [
                    {
                      title: '操作',
                      width: 110,
                      render: (_: unknown, t: Task) => (
                        <Button
                          size="small"
                          onClick={() => setProgressOf(t)}
                          aria-label={`记录进度：${t.title}`}
                        >
                          记录进度
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Confirmations doc={doc} />
          {mayConfirm && awaitsMe(doc) && (
            <Button type="primary" loading={confirm.isPending} onClick={() => confirm.mutate(doc.version)}>
              确认任务书（第 {doc.revision} 版）
            </Button>
          )}
        </Space>
      )}
      {drafting && (
        <DraftTaskBook
          contractId={contractId}
          year={year}
          doc={doc ?? undefined}
          onDone={async (saved) => {
            if (saved) await refresh();
            setDrafting(false);
          }}
        />
      )}
      {progressOf && doc && (
        <RecordProgress
          contractId={contractId}
          year={year}
          task={progressOf}
          version={doc.progress?.[progressOf.id]?.version}
          onDone={async (saved) => {
            if (saved) await refresh();
            setProgressOf(undefined);
          }}
        />
      )}
    </Panel>
  );
}

interface DraftForm {
  items: { id?: string; category?: string; title?: string; target?: number; unit?: string }[];
  reason?: string;
}

/** The next free task number (T1, T2 …), so a revision keeps each task's id and its progress. */
const nextId = (items: DraftForm['items']): string => {
  const taken = items.map((i) => Number(/^T(\d+)$/.exec(i?.id ?? '')?.[1] ?? 0));
  return `T${Math.max(0, ...taken) + 1}`;
};

function DraftTaskBook({
  contractId,
  year,
  doc,
  onDone,
}: {
  contractId: string;
  year: number;
  doc: TaskBookDocument | undefined;
  onDone: (saved: boolean) => void;
}) {
  const [form] = Form.useForm<DraftForm>();
  const save = useMutation({
    mutationFn: (v: DraftForm) =>
      data(
        api.PUT('/contracts/{id}/service-years/{year}/task-book', {
          params: { path: { id: contractId, year } },
          body: {
            ...(doc ? { version: doc.version } : {}),
            items: v.items.map((i, n) => ({
              id: i.id ?? `T${n + 1}`,
              category: i.category ?? '',
              title: (i.title ?? '').trim(),
              target: i.target ?? 0,
              unit: (i.unit ?? '').trim(),
            })),
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => onDone(true),
  });
  const initial: DraftForm = {
    items: doc ? doc.content.items.map((i) => ({ ...i })) : [{ id: 'T1' }],
  };
  return (
    <FormDialog
      title={doc ? '修订项目任务书' : '起草项目任务书'}
      name="task-book"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={() => onDone(false)}
      width={880}
      initialValues={initial}
      intro={
        doc && (
          <Typography.Paragraph type="secondary">修订后，承接方和街道办事处须重新确认。</Typography.Paragraph>
        )
      }
    >
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, n) => (
              <fieldset
                key={field.key}
                style={{ border: '1px solid #f0f0f0', padding: '8px 12px', marginBottom: 12 }}
              >
                <legend style={{ fontSize: 14, width: 'auto', marginBottom: 0, border: 0 }}>
                  事项 {form.getFieldValue(['items', field.name, 'id']) ?? n + 1}
                </legend>
                <Form.Item name={[field.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Space wrap align="start">
                  <Form.Item
                    name={[field.name, 'category']}
                    label="类别"
                    rules={[{ required: true, message: '请选择类别' }]}
                  >
                    <Select
                      virtual={false}
                      style={{ width: 170 }}
                      options={Object.entries(SERVICE_DOMAIN).map(([value, label]) => ({ value, label }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'title']}
                    label="事项"
                    rules={[{ required: true, message: '请填写事项' }]}
                  >
                    <Input style={{ width: 260 }} maxLength={200} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'target']}
                    label="目标数量"
                    rules={[{ required: true, message: '请填写目标' }]}
                  >
                    <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'unit']}
                    label="单位"
                    rules={[{ required: true, message: '请填写单位' }]}
                  >
                    <Input style={{ width: 80 }} maxLength={20} />
                  </Form.Item>
                </Space>
                {fields.length > 1 && (
                  <Button size="small" danger onClick={() => remove(field.name)}>
                    删除此事项
                  </Button>
                )}
              </fieldset>
            ))}
            <Button onClick={() => add({ id: nextId(form.getFieldValue('items') ?? []) })}>添加事项</Button>
          </>
        )}
      </Form.List>
      {doc && (
        <Form.Item name="reason" label="修订理由（记入审计）" style={{ marginTop: 12 }}>
          <Input maxLength={500} />
        </Form.Item>
      )}
    </FormDialog>
  );
}

function RecordProgress({
  contractId,
  year,
  task,
  version,
  onDone,
}: {
  contractId: string;
  year: number;
  task: Task;
  version: number | undefined;
  onDone: (saved: boolean) => void;
}) {
  const [form] = Form.useForm<{ actual: number; asOf: dayjs.Dayjs; note?: string }>();
  const save = useMutation({
    mutationFn: (v: { actual: number; asOf: dayjs.Dayjs; note?: string }) =>
      data(
        api.PUT('/contracts/{id}/service-years/{year}/task-book/tasks/{taskId}/progress', {
          params: { path: { id: contractId, year, taskId: task.id } },
          body: {
            ...(version !== undefined ? { version } : {}),
            actual: v.actual,
            asOf: isoDate(v.asOf),
            ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => onDone(true),
  });
  return (
    <FormDialog
      title={`记录进度：${task.title}`}
      name="task-progress"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={() => onDone(false)}
      initialValues={{ asOf: dayjs() }}
      intro={
        <Typography.Paragraph>
          目标：{task.target} {task.unit}
        </Typography.Paragraph>
      }
    >
      <Form.Item
        name="actual"
        label={`实际完成（${task.unit}）`}
        rules={[{ required: true, message: '请填写实际完成数量' }]}
      >
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="asOf" label="截至日期" rules={[{ required: true, message: '请选择截至日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="note" label="说明">
        <Input maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
