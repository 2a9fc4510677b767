import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Form, Input, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { FormDialog } from '../../components/FormDialog';
import { ProblemAlert } from '../../components/ProblemAlert';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { awaitsMe, Confirmations } from './Confirmations';
import { isoDate, keys, type NeedsSurveyDocument, Panel, useNeedsSurvey } from './common';

interface Draft {
  conductedOn: dayjs.Dayjs;
  methods: string;
  findings: string;
  reason?: string;
}

/**
 * R9.2 需求调研: the operator drafts or revises it, then the operator and the street office each confirm the
 * revision; a revision puts both confirmations back to pending (the API decides, the card shows who has confirmed).
 */
export function NeedsSurvey({ contractId, year }: { contractId: string; year: number }) {
  const queryClient = useQueryClient();
  const survey = useNeedsSurvey(contractId, year);
  const [drafting, setDrafting] = useState(false);
  const doc = survey.data;
  const saved = (after: NeedsSurveyDocument) =>
    queryClient.setQueryData(keys.needsSurvey(contractId, year), after);
  const confirm = useMutation({
    mutationFn: (version: number) =>
      data(
        api.POST('/contracts/{id}/service-years/{year}/needs-survey/confirmations', {
          params: { path: { id: contractId, year } },
          body: { version },
        }),
      ),
    onSuccess: saved,
  });
  const mayDraft = allowed('PUT /contracts/{id}/service-years/{year}/needs-survey');
  const mayConfirm = allowed('POST /contracts/{id}/service-years/{year}/needs-survey/confirmations');
  return (
    <Panel
      title="需求调研"
      extra={
        mayDraft &&
        survey.isSuccess && (
          <Button onClick={() => setDrafting(true)}>{doc ? '修订需求调研' : '起草需求调研'}</Button>
        )
      }
    >
      <ProblemAlert error={survey.error ?? confirm.error} />
      {survey.isLoading && <Spin />}
      {survey.isSuccess && !doc && (
        <Typography.Text type="secondary">本服务年度的需求调研尚未起草</Typography.Text>
      )}
      {doc && (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="调研日期">
              <ChineseDate value={doc.content.conductedOn} />
            </Descriptions.Item>
            <Descriptions.Item label="调研方式">{doc.content.methods}</Descriptions.Item>
            <Descriptions.Item label="调研发现">
              <span style={{ whiteSpace: 'pre-wrap' }}>{doc.content.findings}</span>
            </Descriptions.Item>
          </Descriptions>
          <Confirmations doc={doc} />
          {mayConfirm && awaitsMe(doc) && (
            <Button type="primary" loading={confirm.isPending} onClick={() => confirm.mutate(doc.version)}>
              确认需求调研（第 {doc.revision} 版）
            </Button>
          )}
        </Space>
      )}
      {drafting && (
        <DraftSurvey
          contractId={contractId}
          year={year}
          doc={doc ?? undefined}
          onDone={(after) => {
            if (after) saved(after);
            setDrafting(false);
          }}
        />
      )}
    </Panel>
  );
}

function DraftSurvey({
  contractId,
  year,
  doc,
  onDone,
}: {
  contractId: string;
  year: number;
  doc: NeedsSurveyDocument | undefined;
  onDone: (after?: NeedsSurveyDocument) => void;
}) {
  const [form] = Form.useForm<Draft>();
  const save = useMutation({
    mutationFn: (v: Draft) =>
      data(
        api.PUT('/contracts/{id}/service-years/{year}/needs-survey', {
          params: { path: { id: contractId, year } },
          body: {
            ...(doc ? { version: doc.version } : {}),
            conductedOn: isoDate(v.conductedOn),
            methods: v.methods.trim(),
            findings: v.findings.trim(),
            ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
          },
        }),
      ),
    onSuccess: onDone,
  });
  return (
    <FormDialog
      title={doc ? '修订需求调研' : '起草需求调研'}
      name="needs-survey"
      form={form}
      saving={save.isPending}
      error={save.error}
      onSave={(v) => save.mutate(v)}
      onClose={() => onDone()}
      initialValues={
        doc
          ? {
              conductedOn: dayjs(doc.content.conductedOn),
              methods: doc.content.methods,
              findings: doc.content.findings,
            }
          : {}
      }
      intro={
        doc && (
          <Typography.Paragraph type="secondary">修订后，承接方和街道办事处须重新确认。</Typography.Paragraph>
        )
      }
    >
      <Form.Item name="conductedOn" label="调研日期" rules={[{ required: true, message: '请选择调研日期' }]}>
        <DatePicker style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item name="methods" label="调研方式" rules={[{ required: true, message: '请填写调研方式' }]}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="findings" label="调研发现" rules={[{ required: true, message: '请填写调研发现' }]}>
        <Input.TextArea rows={5} maxLength={5000} />
      </Form.Item>
      {doc && (
        <Form.Item name="reason" label="修订理由（记入审计）">
          <Input maxLength={500} />
        </Form.Item>
      )}
    </FormDialog>
  );
}
