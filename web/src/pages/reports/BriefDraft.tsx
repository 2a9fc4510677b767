import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { saveBase64File } from '../../components/list-export';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';

type Draft = components['schemas']['BriefDraft'];
type Format = Draft['format'];

/**
 * 生成简报草稿 (issue 19 item 3): in a monthly brief's upload dialog, the operator downloads a draft the API
 * composed from the month's service records — .docx to edit (the default), or PDF — with the template's headings,
 * then uploads it, edited or as it is, in the same dialog. The figures shown are the API's, as it computed them.
 */
export function BriefDraft({ slotId }: { slotId: string }) {
  const generate = useMutation({
    mutationFn: (format: Format) =>
      data(api.GET('/reports/{id}/draft', { params: { path: { id: slotId }, query: { format } } })),
    onSuccess: saveBase64File,
  });
  const made = generate.data?.generatedFrom;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={<h3 style={{ fontSize: 16, margin: 0 }}>简报草稿</h3>}
    >
      <Typography.Paragraph>
        由本月服务记录生成草稿：模板要求的标题下已填入各类服务次数、社工与本站服务时长、个案、志愿服务和重点活动。请核对、补充“存在问题”“下月工作计划”后上传。
      </Typography.Paragraph>
      <Space wrap>
        <Button
          type="primary"
          loading={generate.isPending && generate.variables === 'docx'}
          onClick={() => generate.mutate('docx')}
        >
          生成简报草稿
        </Button>
        <Button
          loading={generate.isPending && generate.variables === 'pdf'}
          onClick={() => generate.mutate('pdf')}
        >
          下载 PDF 草稿
        </Button>
      </Space>
      <ProblemAlert error={generate.error} />
      {made && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={`草稿已生成：${generate.data?.fileName}`}
          description={`依据服务记录 ${made.records} 条，服务时长合计 ${made.hours} 小时，服务对象 ${made.distinctRecipients} 人，新接案 ${made.cases.opened} 个、结案 ${made.cases.closed} 个，志愿服务 ${made.volunteers.hours} 小时。`}
        />
      )}
    </Card>
  );
}
