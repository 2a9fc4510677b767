import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { QUALIFICATION } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { isoDate, keys, Panel, useWorkers, type Worker } from './common';

const QUALIFICATION_OPTIONS = Object.entries(QUALIFICATION).map(([value, label]) => ({ value, label }));
type Qualification = Worker['qualification'];

/**
 * R9.1 花名册: the contract's social workers with their ID number and phone masked, as the API gives them. The full
 * values are sensitive personal data: shown only after the user confirms, in a dialog, from a read the API audits.
 */
export function Roster({ contractId }: { contractId: string }) {
  const workers = useWorkers(contractId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Worker>();
  const reveal = useReveal(contractId);
  const mayAdd = allowed('POST /contracts/{id}/workers');
  const mayEdit = allowed('PATCH /contracts/{id}/workers/{workerId}');
  const mayReveal = allowed('POST /contracts/{id}/workers/{workerId}/personal-data');
  return (
    <Panel title="花名册" extra={mayAdd && <Button onClick={() => setAdding(true)}>新增社工</Button>}>
      <ProblemAlert error={workers.error ?? reveal.error} />
      <ScrollTable<Worker>
        label="花名册列表"
        minWidth={960}
        rowKey="id"
        size="small"
        pagination={false}
        loading={workers.isLoading}
        dataSource={workers.data?.items ?? []}
        locale={{ emptyText: '花名册中还没有社工' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 80 },
          {
            title: '职业资格',
            width: 170,
            render: (_, w) => (
              <>
                {QUALIFICATION[w.qualification] ?? w.qualification}
                {w.certificateNumber && (
                  <>
                    <br />
                    <Typography.Text type="secondary">证书 {w.certificateNumber}</Typography.Text>
                  </>
                )}
              </>
            ),
          },
          {
            title: '身份证号',
            dataIndex: 'idNumber',
            width: 180,
            render: (v: string) => <span className="sgz-num">{v}</span>,
          },
          {
            title: '电话',
            dataIndex: 'phone',
            width: 120,
            render: (v?: string) => <span className="sgz-num">{v ?? '—'}</span>,
          },
          {
            title: '到岗',
            dataIndex: 'startOn',
            width: 120,
            render: (d: string) => <ChineseDate value={d} />,
          },
          {
            title: '离岗',
            dataIndex: 'endOn',
            width: 120,
            render: (d?: string) => <ChineseDate value={d} />,
          },
          ...(mayReveal || mayEdit
            ? [
                {
                  title: '操作',
                  width: 170,
                  render: (_: unknown, w: Worker) => (
                    <Space size={4} wrap>
                      {mayReveal && (
                        <Button
                          size="small"
                          onClick={() => reveal.ask(w)}
                          aria-label={`查看完整信息：${w.name}`}
                        >
                          查看完整信息
                        </Button>
                      )}
                      {mayEdit && (
                        <Button size="small" onClick={() => setEditing(w)} aria-label={`修改：${w.name}`}>
                          修改
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {reveal.dialog}
      {adding && <AddWorker contractId={contractId} onDone={() => setAdding(false)} />}
      {editing && (
        <EditWorker contractId={contractId} worker={editing} onDone={() => setEditing(undefined)} />
      )}
    </Panel>
  );
}

/**
 * Asks before revealing (the read is audited), then holds the full values only while their dialog is open:
 * never in the query cache, gone when it closes.
 */
function useReveal(contractId: string) {
  const { modal } = App.useApp();
  const [shown, setShown] = useState<Worker>();
  const [error, setError] = useState<unknown>();
  const ask = (w: Worker) =>
    modal.confirm({
      title: `查看${w.name}的完整身份证号和电话？`,
      content: '身份证号和电话是敏感个人信息，每次查看都将记入审计日志。请仅在工作需要时查看。',
      okText: '确认查看',
      cancelText: '取消',
      onOk: async () => {
        setError(undefined);
        try {
          setShown(
            await data(
              api.POST('/contracts/{id}/workers/{workerId}/personal-data', {
                params: { path: { id: contractId, workerId: w.id } },
              }),
            ),
          );
        } catch (e) {
          setError(e);
        }
      },
    });
  const dialog = shown && (
    <Modal
      open
      title={`${shown.name}的个人信息`}
      footer={<Button onClick={() => setShown(undefined)}>隐藏个人信息</Button>}
      onCancel={() => setShown(undefined)}
      destroyOnHidden
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label="身份证号">
          <span className="sgz-num">{shown.idNumber}</span>
        </Descriptions.Item>
        <Descriptions.Item label="电话">
          <span className="sgz-num">{shown.phone ?? '—'}</span>
        </Descriptions.Item>
      </Descriptions>
    </Modal>
  );
  return { ask, dialog, error };
}

interface NewWorker {
  name: string;
  qualification: Qualification;
  certificateNumber?: string;
  idNumber: string;
  phone?: string;
  startOn: dayjs.Dayjs;
}

function AddWorker({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewWorker>();
  const save = useMutation({
    mutationFn: (v: NewWorker) =>
      data(
        api.POST('/contracts/{id}/workers', {
          params: { path: { id: contractId } },
          body: {
            name: v.name.trim(),
            qualification: v.qualification,
            idNumber: v.idNumber.trim().toUpperCase(),
            startOn: isoDate(v.startOn),
            ...(v.certificateNumber?.trim() ? { certificateNumber: v.certificateNumber.trim() } : {}),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.workers(contractId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title="新增社工"
      name="add-worker"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
    >
      <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="qualification"
        label="职业资格"
        rules={[{ required: true, message: '请选择职业资格' }]}
      >
        <Select virtual={false} options={QUALIFICATION_OPTIONS} />
      </Form.Item>
      <Form.Item name="certificateNumber" label="证书编号">
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label="身份证号"
        extra="保存后仅以掩码显示"
        rules={[{ required: true, message: '请填写身份证号' }]}
      >
        <Input maxLength={18} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="phone"
        label="手机号码"
        extra="保存后仅以掩码显示"
        rules={[{ pattern: /^1\d{10}$/, message: '请填写 11 位手机号码' }]}
      >
        <Input maxLength={11} inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="startOn" label="到岗日期" rules={[{ required: true, message: '请选择到岗日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
    </FormDialog>
  );
}

interface WorkerChange {
  qualification: Qualification;
  certificateNumber?: string;
  phone?: string;
  endOn?: dayjs.Dayjs;
  reason?: string;
}

function EditWorker({
  contractId,
  worker,
  onDone,
}: {
  contractId: string;
  worker: Worker;
  onDone: () => void;
}) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<WorkerChange>();
  const save = useMutation({
    mutationFn: (v: WorkerChange) =>
      data(
        api.PATCH('/contracts/{id}/workers/{workerId}', {
          params: { path: { id: contractId, workerId: worker.id } },
          body: {
            version: worker.version,
            ...(v.qualification !== worker.qualification ? { qualification: v.qualification } : {}),
            ...(v.certificateNumber?.trim() && v.certificateNumber.trim() !== worker.certificateNumber
              ? { certificateNumber: v.certificateNumber.trim() }
              : {}),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.endOn ? { endOn: isoDate(v.endOn) } : {}),
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.workers(contractId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title={`修改：${worker.name}`}
      name="edit-worker"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      initialValues={{ qualification: worker.qualification, certificateNumber: worker.certificateNumber }}
    >
      <Form.Item name="qualification" label="职业资格">
        <Select virtual={false} options={QUALIFICATION_OPTIONS} />
      </Form.Item>
      <Form.Item name="certificateNumber" label="证书编号">
        <Input maxLength={64} />
      </Form.Item>
      <Form.Item
        name="phone"
        label="新手机号码"
        extra={`现为 ${worker.phone ?? '—'}；不改则留空`}
        rules={[{ pattern: /^1\d{10}$/, message: '请填写 11 位手机号码' }]}
      >
        <Input maxLength={11} inputMode="tel" autoComplete="off" />
      </Form.Item>
      <Form.Item name="endOn" label="离岗日期">
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="reason" label="变更理由（记入审计）">
        <Input maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}
