import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Space,
  Statistic,
  Typography,
  Upload,
} from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { LEDGER_CATEGORY } from '../../components/labels';
import { Money } from '../../components/Money';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';
import { putFile } from '../../services/upload';
import { isoDate, keys, type LedgerEntry, Panel, yuanToFen } from './common';

const VOUCHER_TYPES: Record<string, 'application/pdf' | 'image/jpeg' | 'image/png'> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/**
 * R27.1 专账: each expenditure with its voucher, and the three cost categories against the contract's R23.1
 * composition, every sum as the API gives it (in fen, shown in yuan).
 */
export function Ledger({ contractId }: { contractId: string }) {
  const ledger = useQuery({
    queryKey: keys.ledger(contractId),
    queryFn: () => data(api.GET('/contracts/{id}/ledger', { params: { path: { id: contractId } } })),
  });
  const [recording, setRecording] = useState(false);
  const download = useMutation({
    mutationFn: (entryId: string) =>
      data(
        api.GET('/contracts/{id}/ledger/{entryId}/voucher', {
          params: { path: { id: contractId, entryId } },
        }),
      ),
    onSuccess: (link) => window.location.assign(link.url),
  });
  const l = ledger.data;
  return (
    <Panel
      title="专账"
      extra={
        allowed('POST /contracts/{id}/ledger') && (
          <Button onClick={() => setRecording(true)}>记一笔支出</Button>
        )
      }
    >
      <ProblemAlert error={ledger.error ?? download.error} />
      {l && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Statistic title="累计支出" valueRender={() => <Money fen={l.totalSpentFen} />} />
          <ScrollTable
            label="三类经费对照合同构成"
            minWidth={640}
            rowKey="category"
            size="small"
            pagination={false}
            dataSource={l.categories}
            columns={[
              { title: '经费类别', dataIndex: 'category', render: (c: string) => LEDGER_CATEGORY[c] ?? c },
              {
                title: '合同构成',
                dataIndex: 'budgetFen',
                align: 'right',
                render: (f: number) => <Money fen={f} />,
              },
              {
                title: '已支出',
                dataIndex: 'spentFen',
                align: 'right',
                render: (f: number) => <Money fen={f} />,
              },
              {
                title: '结余',
                align: 'right',
                render: (_, c) => (
                  <>
                    {c.overspent && <StatusTag color="red">超支</StatusTag>}
                    <Money fen={c.remainingFen} />
                  </>
                ),
              },
            ]}
          />
          <ScrollTable<LedgerEntry>
            label="支出明细"
            minWidth={800}
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={l.entries}
            locale={{ emptyText: '还没有记账' }}
            columns={[
              {
                title: '支出日期',
                dataIndex: 'spentOn',
                width: 140,
                render: (d: string) => <ChineseDate value={d} />,
              },
              {
                title: '类别',
                dataIndex: 'category',
                width: 160,
                render: (c: string) => LEDGER_CATEGORY[c] ?? c,
              },
              {
                title: '金额',
                dataIndex: 'amountFen',
                width: 140,
                align: 'right',
                render: (f: number) => <Money fen={f} />,
              },
              { title: '说明', dataIndex: 'description' },
              { title: '记账人', dataIndex: 'recordedBy', width: 90 },
              {
                title: '凭证',
                width: 100,
                render: (_, e) => (
                  <Button
                    size="small"
                    loading={download.isPending && download.variables === e.id}
                    onClick={() => download.mutate(e.id)}
                    aria-label={`下载凭证：${e.description}`}
                  >
                    下载凭证
                  </Button>
                ),
              },
            ]}
          />
        </Space>
      )}
      {recording && <RecordExpenditure contractId={contractId} onDone={() => setRecording(false)} />}
    </Panel>
  );
}

interface Expenditure {
  spentOn: dayjs.Dayjs;
  category: 'labour' | 'quality_assurance' | 'operator_management';
  amount: string;
  description: string;
}

/**
 * The voucher first (POST …/ledger/voucher-url, then a presigned PUT with its progress), then the entry naming it;
 * the API checks that the voucher is there and refuses the entry otherwise.
 */
function RecordExpenditure({ contractId, onDone }: { contractId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Expenditure>();
  const [progress, setProgress] = useState<number>();
  const [voucher, setVoucher] = useState<{ key: string; name: string }>();
  const [uploadError, setUploadError] = useState<unknown>();
  const uploading = progress !== undefined && voucher === undefined && uploadError === undefined;

  async function upload(file: File) {
    setUploadError(undefined);
    setVoucher(undefined);
    setProgress(undefined);
    try {
      const contentType = VOUCHER_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];
      if (!contentType) throw new ApiProblem(0, '凭证须为 PDF、JPG 或 PNG 文件');
      setProgress(0);
      const ticket = await data(
        api.POST('/contracts/{id}/ledger/voucher-url', {
          params: { path: { id: contractId } },
          body: { contentType, bytes: file.size },
        }),
      );
      await putFile(ticket.url, ticket.headers, file, setProgress, '凭证');
      setVoucher({ key: ticket.key, name: file.name });
    } catch (e) {
      setUploadError(e);
    }
  }

  const save = useMutation({
    mutationFn: async (v: Expenditure) => {
      const amountFen = yuanToFen(v.amount);
      if (!voucher) throw new ApiProblem(0, '请先上传该笔支出的凭证');
      if (amountFen === undefined) throw new ApiProblem(0, '请填写金额（元），最多两位小数');
      return data(
        api.POST('/contracts/{id}/ledger', {
          params: { path: { id: contractId } },
          body: {
            spentOn: isoDate(v.spentOn),
            category: v.category,
            amountFen,
            description: v.description.trim(),
            voucherKey: voucher.key,
          },
        }),
      );
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.ledger(contractId) });
      onDone();
    },
  });

  return (
    <Modal
      open
      title="记一笔支出"
      okText="记账"
      cancelText="取消"
      okButtonProps={{ disabled: !voucher }}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onDone}
      destroyOnHidden
    >
      <Typography.Paragraph strong style={{ marginBottom: 8 }}>
        第一步：上传凭证
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".pdf,.jpg,.jpeg,.png"
        multiple={false}
        showUploadList={false}
        disabled={uploading}
        customRequest={({ file }) => void upload(file as File)}
      >
        <p>点击或将凭证文件拖到此处上传</p>
        <Typography.Text type="secondary">PDF、JPG 或 PNG，不超过 20 MB</Typography.Text>
      </Upload.Dragger>
      {progress !== undefined && <Progress percent={progress} aria-label="凭证上传进度" />}
      <ProblemAlert error={uploadError} />
      {voucher && (
        <Alert type="success" showIcon title={`凭证已上传：${voucher.name}`} style={{ marginBottom: 16 }} />
      )}
      <Typography.Paragraph strong style={{ margin: '16px 0 8px' }}>
        第二步：填写支出
      </Typography.Paragraph>
      <ProblemAlert error={save.error} />
      <Form form={form} name="ledger-entry" layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="spentOn" label="支出日期" rules={[{ required: true, message: '请选择支出日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="category" label="经费类别" rules={[{ required: true, message: '请选择经费类别' }]}>
          <Select
            virtual={false}
            options={Object.entries(LEDGER_CATEGORY).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label="金额（元）"
          rules={[
            { required: true, message: '请填写金额' },
            {
              validator: (_, v: string | undefined) =>
                !v || yuanToFen(v) !== undefined
                  ? Promise.resolve()
                  : Promise.reject(new Error('请填写金额（元），最多两位小数')),
            },
          ]}
        >
          <Input inputMode="decimal" prefix="¥" />
        </Form.Item>
        <Form.Item name="description" label="说明" rules={[{ required: true, message: '请填写说明' }]}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
