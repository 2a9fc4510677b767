import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { REPORT_KIND, REPORT_STATUS, REVIEW_DECISION, SUBMISSION_OUTCOME } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { usePlaceName } from '../../components/usePlaceName';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { REPORT_STATUS_COLOR } from './Reports';
import { ReviewDialog } from './ReviewDialog';
import { partyName, useDownload, useReport } from './report-queries';
import { UploadReport } from './UploadReport';

type Decision = components['schemas']['ReportReview']['decision'];

/**
 * 报告详情 (R9.3, R9.4, B2): the slot, each upload with the API's validation and its reasons, the recipients'
 * reviews and read receipts. A recipient downloads the current version and accepts or returns it; the submitter
 * reads a return's reason and uploads again.
 */
export function ReportDetail() {
  const { id = '' } = useParams();
  const report = useReport(id);
  const download = useDownload(id);
  const [reviewing, setReviewing] = useState<Decision>();
  const [uploading, setUploading] = useState(false);
  const slot = report.data?.slot;
  const place = usePlaceName();
  // What the reader may do now is the API's answer (`actions`), not guessed from the role.
  const awaitsMe = slot?.actions.includes('review') ?? false;
  const canUpload = slot?.actions.includes('upload') ?? false;
  const canDownload = allowed('POST /reports/{id}/versions/{uploadId}/download-url');
  const returned =
    slot?.status === 'returned' ? slot.reviews.find((r) => r.decision === 'return') : undefined;
  return (
    <section aria-labelledby="report-title">
      <Link to="/console/reports">返回报告列表</Link>
      <Typography.Title level={2} id="report-title" style={{ fontSize: 20, marginTop: 8 }}>
        {slot?.title ?? '报告详情'}
      </Typography.Title>
      <ProblemAlert error={report.error ?? download.error} />
      {slot && report.data && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="社工站">
              {place(slot.streetCode ?? slot.districtCode)}
            </Descriptions.Item>
            <Descriptions.Item label="类型">{REPORT_KIND[slot.kind] ?? slot.kind}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <StatusTag color={REPORT_STATUS_COLOR[slot.status]}>
                {REPORT_STATUS[slot.status] ?? slot.status}
              </StatusTag>
            </Descriptions.Item>
            <Descriptions.Item label="报告期">
              <ChineseDate value={slot.period.start} /> 至 <ChineseDate value={slot.period.end} />
            </Descriptions.Item>
            <Descriptions.Item label="应交日期">
              <ChineseDate value={slot.dueOn} /> {slot.overdue && <StatusTag color="red">逾期</StatusTag>}
              {slot.dueProvisional && (
                <Typography.Text type="secondary">（节假日安排未正式公布，日期可能调整）</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="首次提交">
              <ChineseDate value={slot.firstSubmittedOn} />{' '}
              {slot.onTime !== undefined && (
                <StatusTag color={slot.onTime ? 'green' : 'red'}>
                  {slot.onTime ? '按时' : '逾期提交'}
                </StatusTag>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="报送方 → 接收方">
              {partyName(slot.submitter)} → {slot.recipients.map((r) => partyName(r)).join('、')}
            </Descriptions.Item>
          </Descriptions>

          {returned && (
            <Alert
              type="warning"
              showIcon
              title={`报告已被${partyName(returned.party)}退回，请修改后重新上传`}
              description={
                <>
                  退回理由：{returned.comment}（{returned.by.username}，
                  <ChineseDate value={returned.at} withTime />）
                </>
              }
              action={
                canUpload && (
                  <Button type="primary" onClick={() => setUploading(true)}>
                    重新上传
                  </Button>
                )
              }
            />
          )}
          {canUpload && slot.status !== 'returned' && (
            <Button type={slot.status === 'open' ? 'primary' : 'default'} onClick={() => setUploading(true)}>
              {slot.status === 'open' ? '上传报告' : '上传新版本（尚无人审阅，可替换当前版本）'}
            </Button>
          )}

          {awaitsMe && slot.currentUploadId && (
            <Card size="small" title={<h3 style={{ fontSize: 16, margin: 0 }}>审阅当前版本</h3>}>
              <Typography.Paragraph>
                请下载并阅读当前版本后验收，或说明理由退回报送方修改。
              </Typography.Paragraph>
              <Space wrap>
                <Button
                  loading={download.isPending}
                  onClick={() => slot.currentUploadId && download.mutate(slot.currentUploadId)}
                >
                  下载当前版本
                </Button>
                <Button type="primary" onClick={() => setReviewing('accept')}>
                  验收
                </Button>
                <Button danger onClick={() => setReviewing('return')}>
                  退回
                </Button>
              </Space>
            </Card>
          )}

          <section aria-labelledby="reviews-title">
            <Typography.Title level={3} id="reviews-title" style={{ fontSize: 16 }}>
              当前版本的审阅
            </Typography.Title>
            <ScrollTable
              label="审阅意见"
              minWidth={640}
              rowKey="party"
              size="small"
              pagination={false}
              dataSource={slot.reviews}
              locale={{ emptyText: <Typography.Text type="secondary">尚无审阅意见</Typography.Text> }}
              columns={[
                { title: '接收方', dataIndex: 'party', width: 130, render: (p: string) => partyName(p) },
                {
                  title: '意见',
                  dataIndex: 'decision',
                  width: 110,
                  render: (d: string) => (
                    <StatusTag color={d === 'accept' ? 'green' : 'orange'}>
                      {REVIEW_DECISION[d] ?? d}
                    </StatusTag>
                  ),
                },
                { title: '说明', dataIndex: 'comment', render: (c?: string) => c ?? '—' },
                { title: '审阅人', width: 120, render: (_, r) => r.by.username },
                {
                  title: '时间',
                  dataIndex: 'at',
                  width: 190,
                  render: (at: string) => <ChineseDate value={at} withTime />,
                },
              ]}
            />
          </section>

          <section aria-labelledby="versions-title">
            <Typography.Title level={3} id="versions-title" style={{ fontSize: 16 }}>
              上传记录
            </Typography.Title>
            <ScrollTable
              label="上传记录"
              minWidth={720}
              rowKey="uploadId"
              size="small"
              pagination={false}
              dataSource={report.data.submissions}
              locale={{ emptyText: <Typography.Text type="secondary">尚未上传</Typography.Text> }}
              columns={[
                {
                  title: '上传时间',
                  dataIndex: 'uploadedAt',
                  width: 190,
                  render: (at: string) => <ChineseDate value={at} withTime />,
                },
                {
                  title: '校验',
                  dataIndex: 'outcome',
                  width: 150,
                  render: (o: string, s) => (
                    <>
                      <StatusTag color={o === 'passed' ? 'green' : 'red'}>
                        {SUBMISSION_OUTCOME[o] ?? o}
                      </StatusTag>
                      {s.uploadId === slot.currentUploadId && <StatusTag color="blue">当前版本</StatusTag>}
                    </>
                  ),
                },
                {
                  title: '未通过原因',
                  render: (_, s) =>
                    s.reasons.length === 0 ? (
                      '—'
                    ) : (
                      <ul style={{ margin: 0, paddingLeft: 20 }}>
                        {s.reasons.map((r) => (
                          <li key={r.code}>{r.message}</li>
                        ))}
                      </ul>
                    ),
                },
                ...(canDownload
                  ? [
                      {
                        title: '文件',
                        width: 90,
                        render: (_: unknown, s: (typeof report.data.submissions)[number]) =>
                          s.outcome === 'passed' ? (
                            <Button
                              size="small"
                              aria-label={`下载 ${s.uploadedOn} 上传的版本`}
                              onClick={() => download.mutate(s.uploadId)}
                            >
                              下载
                            </Button>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
          </section>

          <section aria-labelledby="receipts-title">
            <Typography.Title level={3} id="receipts-title" style={{ fontSize: 16 }}>
              阅读回执
            </Typography.Title>
            <ScrollTable
              label="阅读回执"
              minWidth={560}
              rowKey={(r) => `${r.uploadId}:${r.party}:${r.username}`}
              size="small"
              pagination={false}
              dataSource={report.data.receipts}
              locale={{ emptyText: <Typography.Text type="secondary">接收方尚未打开</Typography.Text> }}
              columns={[
                { title: '接收方', dataIndex: 'party', width: 150, render: (p: string) => partyName(p) },
                { title: '打开人', dataIndex: 'username', width: 150 },
                {
                  title: '首次打开时间',
                  dataIndex: 'at',
                  render: (at: string) => <ChineseDate value={at} withTime />,
                },
                {
                  title: '版本',
                  dataIndex: 'uploadId',
                  width: 110,
                  render: (u: string) => (u === slot.currentUploadId ? '当前版本' : '旧版本'),
                },
              ]}
            />
          </section>
        </Space>
      )}
      {slot && reviewing && (
        <ReviewDialog slot={slot} decision={reviewing} onClose={() => setReviewing(undefined)} />
      )}
      {slot && uploading && <UploadReport slot={slot} onClose={() => setUploading(false)} />}
    </section>
  );
}
