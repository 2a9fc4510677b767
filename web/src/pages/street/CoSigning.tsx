import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Modal, Table, Typography } from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { CONFIRMING_PARTY, SERVICE_DOMAIN } from '../../components/labels';
import { MoreButton } from '../../components/MoreButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';

type Contract = components['schemas']['Contract'];
type NeedsSurvey = components['schemas']['NeedsSurveyDocument'];
type TaskBook = components['schemas']['TaskBookDocument'];

/** One co-signed document of a contract's service year (R9.2), as the API gives it. */
type Paper =
  | { readonly kind: 'needs-survey'; readonly year: number; readonly doc: NeedsSurvey }
  | { readonly kind: 'task-book'; readonly year: number; readonly doc: TaskBook };

const KIND_NAME = { 'needs-survey': '需求调研', 'task-book': '项目任务书' } as const;
const STREET = 'street_office';

/** The cache entry of one contract's co-signed documents, every service year (read together, see below). */
const papersKey = (id: string) => [
  'GET /contracts/{id}/service-years/{year}/(needs-survey|task-book)',
  { id },
];

/** A document the API answers 404 for until the operator drafts it: `null` then. */
async function drafted<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 404) return null;
    throw e;
  }
}

/**
 * The needs survey and task book of each service year of a contract, year 1 onwards until the API answers that the
 * year is beyond the contract's period (SERVICE_YEAR_OUT_OF_PERIOD): the page never works out service years from
 * dates itself.
 */
async function readPapers(id: string): Promise<Paper[]> {
  const papers: Paper[] = [];
  for (let year = 1; year <= 10; year++) {
    const path = { path: { id, year } };
    try {
      const [survey, book] = await Promise.all([
        drafted(data(api.GET('/contracts/{id}/service-years/{year}/needs-survey', { params: path }))),
        drafted(data(api.GET('/contracts/{id}/service-years/{year}/task-book', { params: path }))),
      ]);
      if (survey) papers.push({ kind: 'needs-survey', year, doc: survey });
      if (book) papers.push({ kind: 'task-book', year, doc: book });
    } catch (e) {
      if (e instanceof ApiProblem && e.code === 'SERVICE_YEAR_OUT_OF_PERIOD') break;
      throw e;
    }
  }
  return papers;
}

/** What the street office is asked to confirm: the document's content as the operator drafted it. */
function PaperContent({ paper }: { paper: Paper }) {
  if (paper.kind === 'needs-survey') {
    const c = paper.doc.content;
    return (
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label="调研日期">
          <ChineseDate value={c.conductedOn} />
        </Descriptions.Item>
        <Descriptions.Item label="调研方式">{c.methods}</Descriptions.Item>
        <Descriptions.Item label="调研发现">{c.findings}</Descriptions.Item>
      </Descriptions>
    );
  }
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={paper.doc.content.items}
      columns={[
        { title: '服务领域', dataIndex: 'category', render: (c: string) => SERVICE_DOMAIN[c] ?? c },
        { title: '任务', dataIndex: 'title' },
        { title: '目标', align: 'right', render: (_, t) => `${t.target} ${t.unit}` },
      ]}
    />
  );
}

/** R9.2: the street office confirms the revision it has read; the version read goes back with it. */
function ConfirmDialog({
  contract,
  paper,
  onClose,
}: {
  contract: Contract;
  paper: Paper;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const confirm = useMutation({
    mutationFn: async () => {
      const params = { path: { id: contract.id, year: paper.year } };
      const body = { version: paper.doc.version };
      return paper.kind === 'needs-survey'
        ? data(api.POST('/contracts/{id}/service-years/{year}/needs-survey/confirmations', { params, body }))
        : data(api.POST('/contracts/{id}/service-years/{year}/task-book/confirmations', { params, body }));
    },
    onSuccess: async (after) => {
      await queryClient.invalidateQueries({ queryKey: papersKey(contract.id) });
      void message.success(
        after.inEffect ? `${KIND_NAME[paper.kind]}已经双方确认，开始生效` : '已确认，待承接方确认',
      );
      onClose();
    },
  });
  return (
    <Modal
      open
      width={720}
      title={`确认${KIND_NAME[paper.kind]}（第 ${paper.year} 服务年度，第 ${paper.doc.revision} 版）`}
      okText="确认无误"
      cancelText="取消"
      onOk={() => confirm.mutate()}
      confirmLoading={confirm.isPending}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        合同 {contract.number}（{contract.operator.name}
        ）。请核对以下内容，确认后记入审计；内容修订后须双方重新确认。
      </Typography.Paragraph>
      <PaperContent paper={paper} />
      <div style={{ marginTop: 16 }}>
        <ProblemAlert error={confirm.error} />
      </div>
    </Modal>
  );
}

/** Who has confirmed the current revision, as the API records it. */
function Signatures({ doc }: { doc: NeedsSurvey | TaskBook }) {
  return (
    <>
      {Object.entries(CONFIRMING_PARTY).map(([party, name]) => {
        const c = doc.confirmations[party];
        return (
          <div key={party}>
            {name}：
            {c ? (
              <>
                <StatusTag color="green">已确认</StatusTag>
                <ChineseDate value={c.at} withTime />
              </>
            ) : (
              <StatusTag color="gold">待确认</StatusTag>
            )}
          </div>
        );
      })}
    </>
  );
}

/** A document with the contract it belongs to, one row of the list. */
interface Row {
  readonly contract: Contract;
  readonly paper: Paper;
}
const awaitsStreet = (r: Row) => r.paper.doc.awaiting.includes(STREET);

/**
 * 待会签文件 (R9.2): the needs surveys and task books of the active contracts in the street office's street (the
 * API scopes GET /contracts to it), each with who has confirmed it; the street office reads one and confirms it.
 * The 工作台 shows only those awaiting the street office.
 */
export function CoSigning({ compact = false }: { compact?: boolean }) {
  const [confirming, setConfirming] = useState<Row>();
  const contracts = useCursorList(['GET /contracts', { status: 'active' }], (cursor) =>
    data(api.GET('/contracts', { params: { query: { status: 'active', ...(cursor ? { cursor } : {}) } } })),
  );
  const papers = useQueries({
    queries: contracts.items.map((c) => ({ queryKey: papersKey(c.id), queryFn: () => readPapers(c.id) })),
  });
  const rows: Row[] = contracts.items
    .flatMap((contract, i) => (papers[i]?.data ?? []).map((paper) => ({ contract, paper })))
    .filter((r) => !compact || awaitsStreet(r))
    .sort((a, b) => Number(awaitsStreet(b)) - Number(awaitsStreet(a)));
  return (
    <section aria-labelledby="co-signing-title">
      <Typography.Title level={compact ? 3 : 2} id="co-signing-title" style={{ fontSize: compact ? 16 : 20 }}>
        {compact ? '待街道确认的需求调研与任务书' : '需求调研与任务书会签'}
      </Typography.Title>
      {!compact && (
        <Typography.Paragraph type="secondary">
          需求调研与项目任务书由承接方起草，经承接方与街道办事处双方确认后生效（R9.2）。
        </Typography.Paragraph>
      )}
      <ProblemAlert error={contracts.error ?? papers.find((p) => p.error)?.error} />
      <ScrollTable
        label="会签文件列表"
        minWidth={820}
        rowKey={(r) => `${r.contract.id}:${r.paper.kind}:${r.paper.year}`}
        size={compact ? 'small' : 'middle'}
        loading={contracts.loading || papers.some((p) => p.isLoading)}
        dataSource={rows}
        pagination={false}
        locale={{
          emptyText: (
            <Typography.Text type="secondary">
              {compact ? '没有待街道确认的文件' : '本街道履行中的合同尚无需求调研或任务书'}
            </Typography.Text>
          ),
        }}
        columns={[
          {
            title: '文件',
            render: (_, { contract, paper }) => (
              <>
                {contract.number} · 第 {paper.year} 服务年度{KIND_NAME[paper.kind]}
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {contract.operator.name}，第 {paper.doc.revision} 版，
                  <ChineseDate value={paper.doc.updatedAt} withTime /> 更新
                </Typography.Text>
              </>
            ),
          },
          { title: '确认情况', width: 320, render: (_, r) => <Signatures doc={r.paper.doc} /> },
          {
            title: '状态',
            width: 110,
            render: (_, r) =>
              r.paper.doc.inEffect ? (
                <StatusTag color="green">已生效</StatusTag>
              ) : (
                <StatusTag color="gold">待双方确认</StatusTag>
              ),
          },
          {
            title: '操作',
            width: 110,
            render: (_, r) =>
              awaitsStreet(r) ? (
                <Button
                  size="small"
                  type="primary"
                  aria-label={`审核确认 ${r.contract.number} 第 ${r.paper.year} 服务年度${KIND_NAME[r.paper.kind]}`}
                  onClick={() => setConfirming(r)}
                >
                  审核确认
                </Button>
              ) : null,
          },
        ]}
      />
      <MoreButton list={contracts} />
      {confirming && (
        <ConfirmDialog
          contract={confirming.contract}
          paper={confirming.paper}
          onClose={() => setConfirming(undefined)}
        />
      )}
    </section>
  );
}
