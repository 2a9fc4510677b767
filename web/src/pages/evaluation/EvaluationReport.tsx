import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Space } from 'antd';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { REPORT_STATUS } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { api, data } from '../../services/client';
import { UploadReport } from '../reports/UploadReport';
import { CardTitle, type Evaluation } from './common';

/**
 * R17.1: the third party's evaluation report — a report slot of its own, uploaded and validated like every report
 * (the reports area's upload dialog, as it is); the district reads it before confirming (a read receipt, B2).
 */
export function EvaluationReport({ evaluation: e }: { evaluation: Evaluation }) {
  const [uploading, setUploading] = useState(false);
  // Under 'GET /reports', so the upload dialog's refresh of the reports reaches it too.
  const report = useQuery({
    queryKey: ['GET /reports', { id: e.reportSlotId }],
    queryFn: () => data(api.GET('/reports/{id}', { params: { path: { id: e.reportSlotId } } })),
  });
  const download = useMutation({
    mutationFn: (uploadId: string) =>
      data(
        api.POST('/reports/{id}/versions/{uploadId}/download-url', {
          params: { path: { id: e.reportSlotId, uploadId } },
        }),
      ),
    onSuccess: (ticket) => window.open(ticket.url, '_blank', 'noopener'),
  });
  const slot = report.data?.slot;
  const latest = report.data?.submissions.at(-1);
  // The evaluator uploads while the API offers it (the slot's `actions`: the submitter, before any review).
  const canUpload = slot?.actions.includes('upload') ?? false;
  return (
    <Card title={<CardTitle>评估报告</CardTitle>}>
      <ProblemAlert error={report.error ?? download.error} />
      {slot && (
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="报告">{slot.title}</Descriptions.Item>
          <Descriptions.Item label="应交日期">
            <ChineseDate value={slot.dueOn} />
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            <StatusTag color={slot.status === 'accepted' ? 'success' : undefined}>
              {REPORT_STATUS[slot.status] ?? slot.status}
            </StatusTag>
          </Descriptions.Item>
          <Descriptions.Item label="最近一次上传">
            {latest ? (
              <>
                <ChineseDate value={latest.uploadedAt} withTime />{' '}
                <StatusTag color={latest.outcome === 'passed' ? 'green' : 'red'}>
                  {latest.outcome === 'passed' ? '校验通过' : '校验未通过'}
                </StatusTag>
              </>
            ) : (
              '尚未上传'
            )}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Space style={{ marginTop: 8 }} wrap>
        {canUpload && (
          <Button type="primary" onClick={() => setUploading(true)}>
            {slot?.status === 'submitted' ? '上传新版本' : '上传评估报告'}
          </Button>
        )}
        {slot?.currentUploadId && (
          <Button
            loading={download.isPending}
            onClick={() => slot.currentUploadId && download.mutate(slot.currentUploadId)}
          >
            下载评估报告
          </Button>
        )}
      </Space>
      {uploading && slot && <UploadReport slot={slot} onClose={() => setUploading(false)} />}
    </Card>
  );
}
