import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { REPORT_STATUS } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { currentSession } from '../../services/auth';
import { api, data } from '../../services/client';
import type { ApiProblem } from '../../services/problem';
import { useDivisions, useYear, YearSelect } from '../finance/common';

type Detail = components['schemas']['ReportDetail'];

const STATUS_COLOR: Record<string, string> = {
  open: 'default',
  submitted: 'processing',
  accepted: 'success',
  returned: 'warning',
};

/**
 * The district's annual report slot of a year (R20.1): the API's slot for it is named by district and year
 * (`ANNUAL-370102-2026`, as GET /reports lists it), so each district's is read directly.
 */
const annualId = (code: string, year: number) => `ANNUAL-${code}-${year}`;

interface Row {
  readonly code: string;
  readonly name: string;
  readonly detail?: Detail;
  readonly error?: unknown;
}

/**
 * 区县年度报告 (R20.1): each district's annual station construction and operation report to the city, due before the
 * end of November — its due date, whether it came and on time, as the API records it; the city opens and reviews it.
 */
export function AnnualReports({ compact = false }: { compact?: boolean }) {
  const [year, setYear] = useYear();
  const divisions = useDivisions();
  const own = currentSession()?.claims.district_code;
  const districts = (divisions.data ?? []).filter((d) => !own || d.code === own);
  const details = useQueries({
    queries: districts.map((d) => ({
      queryKey: ['GET /reports/{id}', { id: annualId(d.code, year) }],
      queryFn: () => data(api.GET('/reports/{id}', { params: { path: { id: annualId(d.code, year) } } })),
    })),
  });
  const rows: Row[] = districts.map((d, i) => ({
    code: d.code,
    name: d.name,
    ...(details[i]?.data ? { detail: details[i]?.data } : {}),
    ...(details[i]?.error ? { error: details[i]?.error } : {}),
  }));
  const [reviewing, setReviewing] = useState<Detail>();
  const canReview = allowed('POST /reports/{id}/review');
  const canDownload = allowed('POST /reports/{id}/versions/{uploadId}/download-url');
  return (
    <section aria-labelledby="annual-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={compact ? 3 : 2}
          id="annual-title"
          style={{ fontSize: compact ? 16 : 20, margin: 0 }}
        >
          {year} 年度区县社工站建设运营情况报告
        </Typography.Title>
        {!compact && <YearSelect year={year} onChange={setYear} />}
      </Space>
      <ProblemAlert error={divisions.error} />
      <ScrollTable<Row>
        label="区县年度报告"
        minWidth={compact ? 640 : 900}
        rowKey="code"
        size={compact ? 'small' : 'middle'}
        loading={divisions.isLoading || details.some((q) => q.isLoading)}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '区县', render: (_, r) => r.name },
          {
            title: '应交日期',
            render: (_, r) =>
              r.detail ? (
                <>
                  <ChineseDate value={r.detail.slot.dueOn} />{' '}
                  {r.detail.slot.overdue && <StatusTag color="red">逾期</StatusTag>}
                </>
              ) : (
                '—'
              ),
          },
          {
            title: '状态',
            render: (_, r) =>
              r.detail ? (
                <StatusTag color={STATUS_COLOR[r.detail.slot.status]}>
                  {REPORT_STATUS[r.detail.slot.status] ?? r.detail.slot.status}
                </StatusTag>
              ) : (
                <Typography.Text type="secondary">
                  {(r.error as ApiProblem | undefined)?.title ?? '—'}
                </Typography.Text>
              ),
          },
          {
            title: '首次提交',
            render: (_, r) =>
              r.detail?.slot.firstSubmittedOn ? (
                <>
                  <ChineseDate value={r.detail.slot.firstSubmittedOn} />{' '}
                  {r.detail.slot.onTime === false && <StatusTag color="orange">逾期提交</StatusTag>}
                  {r.detail.slot.onTime === true && <StatusTag color="green">按时</StatusTag>}
                </>
              ) : (
                '未提交'
              ),
          },
          ...(compact
            ? []
            : [
                {
                  title: '操作',
                  width: 170,
                  render: (_: unknown, r: Row) => {
                    const slot = r.detail?.slot;
                    if (!slot?.currentUploadId) return null;
                    return (
                      <Space>
                        {canDownload && (
                          <Download id={slot.id} uploadId={slot.currentUploadId} name={r.name} />
                        )}
                        {canReview && slot.status === 'submitted' && r.detail && (
                          <Button
                            size="small"
                            onClick={() => setReviewing(r.detail)}
                            aria-label={`审阅${r.name}年度报告`}
                          >
                            审阅
                          </Button>
                        )}
                      </Space>
                    );
                  },
                },
              ]),
        ]}
      />
      {reviewing && <Review detail={reviewing} onClose={() => setReviewing(undefined)} />}
    </section>
  );
}

/** Opens the current version through a short-lived download address from the API. */
function Download({ id, uploadId, name }: { id: string; uploadId: string; name: string }) {
  const link = useMutation({
    mutationFn: () =>
      data(
        api.POST('/reports/{id}/versions/{uploadId}/download-url', { params: { path: { id, uploadId } } }),
      ),
    onSuccess: (d) => window.open(d.url, '_blank', 'noopener'),
  });
  return (
    <Button
      size="small"
      loading={link.isPending}
      onClick={() => link.mutate()}
      aria-label={`查看${name}年度报告`}
    >
      查看
    </Button>
  );
}

interface ReviewValues {
  decision: 'accept' | 'return';
  comment?: string;
}

function Review({ detail, onClose }: { detail: Detail; onClose: () => void }) {
  const [form] = Form.useForm<ReviewValues>();
  const client = useQueryClient();
  const review = useMutation({
    mutationFn: (v: ReviewValues) =>
      data(
        api.POST('/reports/{id}/review', {
          params: { path: { id: detail.slot.id } },
          body: {
            version: detail.slot.version,
            uploadId: detail.slot.currentUploadId as string,
            decision: v.decision,
            ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /reports/{id}', { id: detail.slot.id }] });
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`审阅：${detail.slot.title}`}
      okText="提交审阅意见"
      cancelText="取消"
      confirmLoading={review.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ProblemAlert error={review.error} />
      <Form<ReviewValues>
        form={form}
        layout="vertical"
        initialValues={{ decision: 'accept' }}
        onFinish={(v) => review.mutate(v)}
      >
        <Form.Item label="审阅结论" name="decision">
          <Radio.Group
            options={[
              { value: 'accept', label: '通过' },
              { value: 'return', label: '退回修改' },
            ]}
          />
        </Form.Item>
        <Form.Item label="意见" name="comment" extra="退回时必填">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
