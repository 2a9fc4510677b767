import { Alert, Button, Descriptions, Progress, Radio, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { saveBase64File } from '../../components/list-export';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';
import { putFile } from '../../services/upload';
import { Panel } from '../operator/common';

type Import = components['schemas']['Import'];
type Kind = Import['kind'];
type Mode = Import['mode'];

/** The kinds, with who imports them as the API decides (its refusal is shown as it comes). */
const KINDS: readonly { value: Kind; label: string }[] = [
  { value: 'stations', label: '社工站（区县民政）' },
  { value: 'contracts', label: '服务合同（区县民政）' },
  { value: 'workers', label: '社工花名册（区县民政、承接方）' },
  { value: 'recipients', label: '服务对象（承接方）' },
  { value: 'volunteers', label: '志愿者（承接方）' },
];

const STATUS: Record<Import['status'], string> = {
  awaiting_upload: '等待上传',
  validating: '正在逐行检查',
  validated: '试导入完成',
  rejected: '有问题行，未导入',
  failed: '文件无法读取',
  importing: '正在分批写入',
  completed: '导入完成',
  completed_with_errors: '导入完成，部分行写入时被拒绝',
  interrupted: '导入中断，重新上传同一文件即可续传',
  duplicate: '此文件已导入过，未重复写入',
};

const SETTLED: readonly Import['status'][] = [
  'validated',
  'rejected',
  'failed',
  'completed',
  'completed_with_errors',
  'interrupted',
  'duplicate',
];

const wait = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/**
 * 批量导入 (issue 19): the kind's template, then a file (.xlsx or .csv) as a dry run (试导入: every row checked,
 * nothing written) or a real import (all rows pass, then written in batches); the page follows GET /imports/{id}
 * until the API is done and shows every bad row as it names it (row, column, reason), and what was written.
 */
export function Imports() {
  const [kind, setKind] = useState<Kind>('stations');
  const [mode, setMode] = useState<Mode>('dry_run');
  const [progress, setProgress] = useState<number>();
  const [stage, setStage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Import>();
  const busy = stage !== undefined;

  async function template() {
    setError(undefined);
    try {
      const t = await data(api.GET('/imports/template', { params: { query: { kind } } }));
      saveBase64File(t);
    } catch (e) {
      setError(e);
    }
  }

  async function upload(file: File) {
    setError(undefined);
    setResult(undefined);
    setProgress(undefined);
    try {
      setStage('正在申请上传地址…');
      const ticket = await data(
        api.POST('/imports', { body: { kind, mode, fileName: file.name, bytes: file.size } }),
      );
      setStage('正在上传文件…');
      await putFile(ticket.url, ticket.headers, file, setProgress);
      setStage(mode === 'dry_run' ? '正在逐行检查…' : '正在检查并导入…');
      for (let i = 0; i < 600; i++) {
        const read = await data(api.GET('/imports/{id}', { params: { path: { id: ticket.import.id } } }));
        setResult(read);
        if (SETTLED.includes(read.status)) return;
        if (read.status === 'validating') setStage('正在逐行检查…');
        if (read.status === 'importing') setStage('正在分批写入…');
        await wait(i < 10 ? 1000 : 3000);
      }
      throw new ApiProblem(0, '导入仍在进行，请稍后刷新本页查看');
    } catch (e) {
      setError(e);
    } finally {
      setStage(undefined);
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        批量导入
      </Typography.Title>
      <Panel title="选择导入内容">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Space wrap>
            <label htmlFor="import-kind">导入内容</label>
            <Select<Kind>
              id="import-kind"
              virtual={false}
              style={{ minWidth: 260 }}
              value={kind}
              onChange={(k) => {
                setKind(k);
                setResult(undefined);
              }}
              options={KINDS.map((k) => ({ value: k.value, label: k.label }))}
            />
            <Button onClick={() => void template()}>下载模板</Button>
          </Space>
          <Radio.Group
            aria-label="导入方式"
            value={mode}
            onChange={(e) => setMode(e.target.value)}
            options={[
              { value: 'dry_run', label: '试导入（只检查，不写入）' },
              { value: 'import', label: '正式导入（全部行通过后写入）' },
            ]}
          />
          <Upload.Dragger
            accept=".xlsx,.csv"
            showUploadList={false}
            disabled={busy}
            customRequest={({ file }) => void upload(file as File)}
          >
            <p>点击或拖入 .xlsx 或 .csv 文件（不超过 20 MB）</p>
            <p style={{ color: '#595959' }}>
              表头须与模板一致；身份证号码等个人信息加密保存，列表中只显示掩码。
            </p>
          </Upload.Dragger>
          {stage && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span role="status">{stage}</span>
              {progress !== undefined && <Progress percent={progress} size="small" />}
            </Space>
          )}
          <ProblemAlert error={error} />
        </Space>
      </Panel>
      {result && SETTLED.includes(result.status) && <ImportResult result={result} />}
    </Space>
  );
}

function ImportResult({ result: r }: { result: Import }) {
  const good = r.status === 'validated' || r.status === 'completed';
  const issues = r.issues ?? [];
  return (
    <Panel title="导入结果">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Alert
          type={good && issues.length === 0 ? 'success' : r.status === 'duplicate' ? 'info' : 'warning'}
          showIcon
          message={
            r.status === 'validated'
              ? issues.length > 0
                ? `试导入完成：${r.badRows ?? issues.length} 行有问题，修正后再正式导入`
                : `试导入完成：全部 ${r.totalRows ?? 0} 行通过，可以正式导入`
              : STATUS[r.status]
          }
          description={r.message}
        />
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label="文件">{r.fileName}</Descriptions.Item>
          {r.totalRows !== undefined && (
            <Descriptions.Item label="数据行">{r.totalRows} 行</Descriptions.Item>
          )}
          {r.badRows !== undefined && <Descriptions.Item label="问题行">{r.badRows} 行</Descriptions.Item>}
          {r.imported !== undefined && <Descriptions.Item label="已导入">{r.imported} 行</Descriptions.Item>}
          {r.skipped !== undefined && r.skipped > 0 && (
            <Descriptions.Item label="此前已导入（跳过）">{r.skipped} 行</Descriptions.Item>
          )}
          {r.failed !== undefined && r.failed > 0 && (
            <Descriptions.Item label="写入时被拒绝">{r.failed} 行</Descriptions.Item>
          )}
        </Descriptions>
        {issues.length > 0 && (
          <ScrollTable
            label="问题行"
            minWidth={560}
            rowKey={(i) => `${i.row}-${i.column}-${i.reason}`}
            size="small"
            pagination={issues.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            dataSource={issues}
            columns={[
              { title: '行号', dataIndex: 'row', width: 80, align: 'right' },
              { title: '列名', dataIndex: 'column', width: 180 },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        )}
        {r.issuesTruncated && (
          <Typography.Text type="secondary">问题行过多，只列出前面一部分。</Typography.Text>
        )}
      </Space>
    </Panel>
  );
}
