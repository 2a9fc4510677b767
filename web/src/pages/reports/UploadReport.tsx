import { useQueryClient } from '@tanstack/react-query';
import { Alert, Modal, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { ApiProblem } from '../../services/problem';
import { putFile } from '../../services/upload';
import { BriefDraft } from './BriefDraft';
import { reportKey } from './report-queries';

type Slot = components['schemas']['ReportSlot'];
type Submission = components['schemas']['ReportDetail']['submissions'][number];

const TYPES: Record<
  string,
  'application/pdf' | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * R9.4 upload: ask the API for a presigned URL (POST /reports/{id}/upload-url), PUT the file with progress, then
 * follow GET /reports/{id} until the API's validation of that upload is in, and show its outcome and reasons. A
 * monthly brief's dialog first offers the draft the API generates from the month's service records (issue 19 item 3).
 */
export function UploadReport({ slot, onClose }: { slot: Slot; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<number>();
  const [stage, setStage] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Submission>();

  async function upload(file: File) {
    setError(undefined);
    setResult(undefined);
    try {
      const contentType = TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''];
      if (!contentType) throw new ApiProblem(0, '请上传 PDF 或 Word（.docx）文件');
      setStage('正在申请上传地址…');
      const ticket = await data(
        api.POST('/reports/{id}/upload-url', {
          params: { path: { id: slot.id } },
          body: { contentType, bytes: file.size, fileName: file.name },
        }),
      );
      setStage('正在上传…');
      setProgress(0);
      await putFile(ticket.url, ticket.headers, file, setProgress);
      setStage('已上传，正在校验…');
      for (let i = 0; i < 60; i++) {
        const detail = await data(api.GET('/reports/{id}', { params: { path: { id: slot.id } } }));
        const done = detail.submissions.find((s) => s.uploadId === ticket.uploadId);
        if (done) {
          setResult(done);
          setStage(undefined);
          await Promise.all([
            queryClient.invalidateQueries({ queryKey: ['GET /reports'] }),
            queryClient.invalidateQueries({ queryKey: reportKey(slot.id) }),
          ]);
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      throw new ApiProblem(0, '校验结果尚未返回，请稍后在报告列表中查看');
    } catch (e) {
      setError(e);
      setStage(undefined);
    }
  }

  return (
    <Modal open title={`上传：${slot.title}`} onCancel={onClose} footer={null} destroyOnHidden>
      {slot.kind === 'monthly_brief' && allowed('GET /reports/{id}/draft') && <BriefDraft slotId={slot.id} />}
      <Upload.Dragger
        accept=".pdf,.docx"
        multiple={false}
        showUploadList={false}
        disabled={stage !== undefined}
        customRequest={({ file }) => void upload(file as File)}
      >
        <p>点击或将文件拖到此处上传</p>
        <Typography.Text type="secondary">PDF 或 Word（.docx），须含模板要求的各部分标题</Typography.Text>
      </Upload.Dragger>
      {progress !== undefined && <Progress percent={progress} aria-label="上传进度" />}
      {stage && <Typography.Paragraph>{stage}</Typography.Paragraph>}
      <ProblemAlert error={error} />
      {result &&
        (result.outcome === 'passed' ? (
          <Alert
            type="success"
            showIcon
            title="校验通过，报告已提交"
            description={result.onTime === false ? '已逾期提交' : '按时提交'}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            title="校验未通过，请修改后重新上传"
            description={
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {result.reasons.map((r) => (
                  <li key={r.code}>{r.message}</li>
                ))}
              </ul>
            }
          />
        ))}
    </Modal>
  );
}
