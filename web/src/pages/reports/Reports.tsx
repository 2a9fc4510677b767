import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { REPORT_KIND, REPORT_STATUS } from '../../components/labels';
import { MoreButton } from '../../components/MoreButton';
import { Percent } from '../../components/Percent';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { usePlaceName } from '../../components/usePlaceName';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { currentSession } from '../../services/auth';
import { api, data } from '../../services/client';
import { UploadReport } from './UploadReport';

type Slot = components['schemas']['ReportSlot'];

/** The colour of a slot's status tag (the API decides the status). */
export const REPORT_STATUS_COLOR: Record<string, string> = {
  open: 'default',
  submitted: 'processing',
  accepted: 'success',
  returned: 'warning',
};

/** The upload button's words for a slot the API says the reader may upload to (its `actions`). */
export const UPLOAD_LABEL: Record<string, string> = {
  open: '上传',
  returned: '重新上传',
  submitted: '上传新版本',
};

/** The reason of the recipient who returned the current version (R9.3). */
const returnReason = (s: Slot) => s.reviews.find((r) => r.decision === 'return')?.comment;

/**
 * 按时率 (R9.3): the year's timeliness as the API counts it, for the roles it admits, with the service volume of the
 * same scope and year beside it (records, hours computed by the API from the minutes, people served).
 */
export function Timeliness() {
  const year = dayjs().year();
  const district = currentSession()?.claims.district_code;
  const t = useQuery({
    queryKey: ['GET /reports/timeliness', { year, district }],
    queryFn: () =>
      data(
        api.GET('/reports/timeliness', { params: { query: { year, ...(district ? { district } : {}) } } }),
      ),
  });
  return (
    <section aria-labelledby="timeliness-title" style={{ marginBottom: 16 }}>
      <Typography.Title level={3} id="timeliness-title" style={{ fontSize: 16 }}>
        {year} 年报告按时率
      </Typography.Title>
      <ProblemAlert error={t.error} />
      {t.data && (
        <Row gutter={[12, 12]}>
          {[
            ['应交', t.data.total.due],
            ['按时', t.data.total.onTime],
            ['逾期', t.data.total.late],
            ['未交', t.data.total.missing],
          ].map(([label, n]) => (
            <Col xs={12} md={4} key={label}>
              <Card size="small">
                <Statistic title={label} value={n as number} suffix="份" />
              </Card>
            </Col>
          ))}
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic
                title="按时率"
                valueRender={() => <Percent bp={t.data.total.onTimeRateHundredths} />}
              />
            </Card>
          </Col>
          <Col xs={12} md={4}>
            <Card size="small">
              <Statistic
                title="提交率"
                valueRender={() => <Percent bp={t.data.total.submittedRateHundredths} />}
              />
            </Card>
          </Col>
          {/* The year's service volume beside the reports (issue 19 item 3), as the API counts the service records. */}
          {[
            ['服务记录', String(t.data.serviceVolume.total.records), '条'],
            ['服务时数', t.data.serviceVolume.total.hours, '小时'],
            ['服务对象', String(t.data.serviceVolume.total.distinctRecipients), '人'],
          ].map(([label, value, unit]) => (
            <Col xs={12} md={4} key={label}>
              <Card size="small">
                <Statistic title={label} value={value} suffix={unit} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </section>
  );
}

/**
 * 报告: the report slots the role sees (R9.3), due and late first as the API flags them, each named by its station's
 * street (a district's own report by its district), with upload where the API's `actions` offers it.
 */
export function Reports({ compact = false }: { compact?: boolean }) {
  const [uploading, setUploading] = useState<Slot>();
  const list = useCursorList(['GET /reports', {}], (cursor) =>
    data(api.GET('/reports', { params: { query: cursor ? { cursor } : {} } })),
  );
  const canUpload = allowed('POST /reports/{id}/upload-url');
  const place = usePlaceName();
  return (
    <section aria-labelledby="reports-title">
      {!compact && allowed('GET /reports/timeliness') && <Timeliness />}
      <Typography.Title level={compact ? 3 : 2} id="reports-title" style={{ fontSize: compact ? 16 : 20 }}>
        报告
      </Typography.Title>
      <ProblemAlert error={list.error} />
      <ScrollTable
        label="报告列表"
        minWidth={1000}
        rowKey="id"
        size={compact ? 'small' : 'middle'}
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          {
            title: '报告',
            dataIndex: 'title',
            render: (t: string, s: Slot) => <Link to={`/console/reports/${s.id}`}>{t}</Link>,
          },
          {
            title: '社工站',
            key: 'place',
            width: 170,
            render: (_: unknown, s: Slot) => place(s.streetCode ?? s.districtCode),
          },
          { title: '类型', dataIndex: 'kind', width: 110, render: (k: string) => REPORT_KIND[k] ?? k },
          {
            title: '应交日期',
            dataIndex: 'dueOn',
            width: 150,
            render: (d: string, s) => (
              <>
                <ChineseDate value={d} /> {s.overdue && <StatusTag color="red">逾期</StatusTag>}
              </>
            ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 200,
            render: (s: string, slot: Slot) => (
              <>
                <StatusTag color={REPORT_STATUS_COLOR[s]}>{REPORT_STATUS[s] ?? s}</StatusTag>
                {s === 'returned' && returnReason(slot) && (
                  <Typography.Text type="secondary" style={{ display: 'block' }}>
                    退回理由：{returnReason(slot)}
                  </Typography.Text>
                )}
              </>
            ),
          },
          ...(canUpload
            ? [
                {
                  title: '操作',
                  width: 120,
                  render: (_: unknown, s: Slot) =>
                    s.actions.includes('upload') ? (
                      <Button size="small" onClick={() => setUploading(s)}>
                        {UPLOAD_LABEL[s.status] ?? '上传'}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <MoreButton list={list} />
      {uploading && <UploadReport slot={uploading} onClose={() => setUploading(undefined)} />}
    </section>
  );
}
