import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Descriptions, Form, Input, Modal, Radio, Select, Space } from 'antd';
import type dayjs from 'dayjs';
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
import { isoDate, Panel } from './common';

type Recipient = components['schemas']['Recipient'];
type Revealed = components['schemas']['RecipientPersonalData'];
type Lists = components['schemas']['RecipientPage']['lists'];

const STATUS: Record<Recipient['status'], string> = {
  active: '在册',
  deletion_pending: '待删除',
  anonymised: '已匿名化',
};

const recipientsKey = (station: string) => ['GET /stations/{id}/recipients', { id: station }] as const;

/** Every page of the register, with the policy's lists the API sends along. */
export function useRegister(stationId: string) {
  return useQuery({
    queryKey: recipientsKey(stationId),
    queryFn: async () => {
      let lists: Lists | undefined;
      const items = await fetchAll(async (cursor) => {
        const page = await data(
          api.GET('/stations/{id}/recipients', {
            params: {
              path: { id: stationId },
              query: { limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
            },
          }),
        );
        lists = page.lists;
        return page;
      });
      return { items, lists: lists as Lists };
    },
  });
}

/**
 * 服务对象档案 (issue 19): the station's register as the API masks it (王*芳, 3701**********123X); the full
 * personal data only through 查看个人信息, which asks for a reason (the API audits it) and holds the answer only
 * while its dialog is open. 新建档案 records the consent with the file (PIPL Art. 14, 29, 31: the API decides
 * whether it suffices, e.g. a guardian's for a child under 14).
 */
export function Recipients({ stationId }: { stationId: string }) {
  const register = useRegister(stationId);
  const [adding, setAdding] = useState(false);
  const [asking, setAsking] = useState<Recipient>();
  const [shown, setShown] = useState<Revealed>();
  const lists = register.data?.lists;
  const categoryName = (code: string) => lists?.categories.find((c) => c.code === code)?.name ?? code;
  const mayReveal = allowed('POST /recipients/{id}/personal-data');
  return (
    <Panel
      title="服务对象档案"
      extra={
        allowed('POST /stations/{id}/recipients') && <Button onClick={() => setAdding(true)}>新建档案</Button>
      }
    >
      <ProblemAlert error={register.error} />
      <ScrollTable<Recipient>
        label="服务对象列表"
        minWidth={760}
        rowKey="id"
        size="small"
        pagination={false}
        loading={register.isLoading}
        dataSource={register.data?.items ?? []}
        locale={{ emptyText: '还没有服务对象档案' }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 110, render: (n?: string) => n ?? '—' },
          { title: '类别', dataIndex: 'category', width: 120, render: categoryName },
          {
            title: '出生年份',
            dataIndex: 'birthYear',
            width: 100,
            render: (y?: number) => (y ? `${y}年` : '—'),
          },
          { title: '电话', dataIndex: 'phone', width: 130, render: (p?: string) => p ?? '—' },
          {
            title: '同意',
            width: 150,
            render: (_, r) =>
              r.consent ? (
                <span>
                  {r.consent.givenBy === 'guardian' ? '监护人' : '本人'}，
                  <ChineseDate value={r.consent.givenOn} />
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 100,
            render: (s: Recipient['status']) => (
              <StatusTag color={s === 'active' ? 'blue' : 'default'}>{STATUS[s]}</StatusTag>
            ),
          },
          ...(mayReveal
            ? [
                {
                  title: '操作',
                  width: 130,
                  render: (_: unknown, r: Recipient) =>
                    r.status !== 'anonymised' && (
                      <Button
                        size="small"
                        onClick={() => setAsking(r)}
                        aria-label={`查看个人信息：${r.name ?? ''}`}
                      >
                        查看个人信息
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {adding && lists && (
        <AddRecipient stationId={stationId} lists={lists} onDone={() => setAdding(false)} />
      )}
      {asking && (
        <AskReason
          recipient={asking}
          onCancel={() => setAsking(undefined)}
          onShown={(r) => {
            setAsking(undefined);
            setShown(r);
          }}
        />
      )}
      {shown && (
        <Modal
          open
          title={`${shown.name}的个人信息`}
          footer={<Button onClick={() => setShown(undefined)}>隐藏个人信息</Button>}
          onCancel={() => setShown(undefined)}
          destroyOnHidden
        >
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="身份证号">
              <span className="sgz-num">{shown.idNumber ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="电话">
              <span className="sgz-num">{shown.phone ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="住址">{shown.address ?? '—'}</Descriptions.Item>
            {shown.guardianName && <Descriptions.Item label="监护人">{shown.guardianName}</Descriptions.Item>}
          </Descriptions>
        </Modal>
      )}
    </Panel>
  );
}

/** The reveal asks why; the reason goes into the API's audit record with the read. */
function AskReason({
  recipient,
  onCancel,
  onShown,
}: {
  recipient: Recipient;
  onCancel: () => void;
  onShown: (r: Revealed) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (v: { reason: string }) =>
      data(
        api.POST('/recipients/{id}/personal-data', {
          params: { path: { id: recipient.id } },
          body: { reason: v.reason.trim() },
        }),
      ),
    onSuccess: onShown,
  });
  return (
    <FormDialog
      title={`查看${recipient.name ?? ''}的完整个人信息？`}
      name="reveal-recipient"
      form={form}
      saving={reveal.isPending}
      error={reveal.error}
      onSave={(v) => reveal.mutate(v)}
      onClose={onCancel}
      okText="确认查看"
      intro={
        <p>
          服务对象的身份证号、电话和住址是敏感个人信息，每次查看都将连同理由记入审计日志。请仅在工作需要时查看。
        </p>
      }
    >
      <Form.Item name="reason" label="查看理由" rules={[{ required: true, message: '请填写查看理由' }]}>
        <Input.TextArea rows={2} maxLength={500} placeholder="如：入户走访前核对住址" />
      </Form.Item>
    </FormDialog>
  );
}

interface NewRecipient {
  name: string;
  category: string;
  idNumber?: string;
  birthDate?: dayjs.Dayjs;
  phone?: string;
  address?: string;
  consentGivenOn: dayjs.Dayjs;
  consentScope: string;
  givenBy: 'self' | 'guardian';
  guardianName?: string;
  guardianRelation?: string;
  sensitiveDataConsent?: boolean;
}

function AddRecipient({ stationId, lists, onDone }: { stationId: string; lists: Lists; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<NewRecipient>();
  const givenBy = Form.useWatch('givenBy', form);
  const save = useMutation({
    mutationFn: (v: NewRecipient) =>
      data(
        api.POST('/stations/{id}/recipients', {
          params: { path: { id: stationId } },
          body: {
            name: v.name.trim(),
            category: v.category,
            ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim().toUpperCase() } : {}),
            ...(v.birthDate ? { birthDate: isoDate(v.birthDate) } : {}),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.address?.trim() ? { address: v.address.trim() } : {}),
            consent: {
              givenOn: isoDate(v.consentGivenOn),
              scope: v.consentScope.trim(),
              givenBy: v.givenBy,
              sensitiveDataConsent: v.sensitiveDataConsent === true,
              ...(v.givenBy === 'guardian'
                ? {
                    guardian: {
                      name: v.guardianName?.trim() ?? '',
                      relation: v.guardianRelation?.trim() ?? '',
                    },
                  }
                : {}),
            },
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: recipientsKey(stationId) });
      onDone();
    },
  });
  return (
    <FormDialog
      title="新建服务对象档案"
      name="recipient"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={onDone}
      initialValues={{ givenBy: 'self', consentScope: '建档、服务记录' }}
    >
      <Form.Item name="name" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="category" label="服务对象类别" rules={[{ required: true, message: '请选择类别' }]}>
        <Select virtual={false} options={lists.categories.map((c) => ({ value: c.code, label: c.name }))} />
      </Form.Item>
      <Form.Item name="idNumber" label="身份证号码" extra="不填时须填写出生日期">
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item name="birthDate" label="出生日期">
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="phone" label="手机号码">
        <Input maxLength={11} inputMode="tel" />
      </Form.Item>
      <Form.Item name="address" label="住址">
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="consentGivenOn"
        label="同意日期"
        rules={[{ required: true, message: '请选择同意日期' }]}
      >
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="consentScope" label="同意范围" rules={[{ required: true, message: '请填写同意范围' }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="givenBy" label="同意人">
        <Radio.Group
          options={[
            { value: 'self', label: '本人' },
            { value: 'guardian', label: '监护人（未满十四周岁须由监护人同意）' },
          ]}
        />
      </Form.Item>
      {givenBy === 'guardian' && (
        <Space wrap>
          <Form.Item
            name="guardianName"
            label="监护人姓名"
            rules={[{ required: true, message: '请填写监护人姓名' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="guardianRelation"
            label="与服务对象关系"
            rules={[{ required: true, message: '请填写关系' }]}
          >
            <Input maxLength={20} placeholder="如 母亲" />
          </Form.Item>
        </Space>
      )}
      <Form.Item name="sensitiveDataConsent" valuePropName="checked">
        <Checkbox>已取得处理敏感个人信息的单独同意（《个人信息保护法》第二十九条）</Checkbox>
      </Form.Item>
    </FormDialog>
  );
}
