import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { ProblemAlert } from '../../components/ProblemAlert';
import { roleOf } from '../../services/access';
import { currentSession } from '../../services/auth';
import { api, data } from '../../services/client';
import { useDivisions } from '../finance/common';

type Kind = 'stations' | 'contracts' | 'workers' | 'recipients' | 'volunteers';

/**
 * The kinds a role is offered, as POST /exports admits them (the API decides; this only keeps the form from offering
 * what it would refuse): the registers' readers, the city never the service recipients.
 */
const KINDS: readonly { value: Kind; label: string; roles: readonly string[] }[] = [
  { value: 'stations', label: '社工站', roles: ['*'] },
  { value: 'contracts', label: '服务合同', roles: ['*'] },
  { value: 'workers', label: '社工（花名册）', roles: ['*'] },
  { value: 'recipients', label: '服务对象', roles: ['district_civil_affairs', 'street_office'] },
  {
    value: 'volunteers',
    label: '志愿者',
    roles: ['city_civil_affairs', 'district_civil_affairs', 'street_office'],
  },
];
const REVEALABLE: readonly Kind[] = ['workers', 'recipients'];

interface ExportValues {
  kind: Kind;
  districtCode?: string;
  streetCode?: string;
  unmasked?: boolean;
  reason?: string;
}

/**
 * 数据导出: a register of the caller's scope as .xlsx, made by the API (POST /exports) and downloaded from the link
 * it answers. Personal data comes masked; the district civil affairs bureau may ask for workers' or recipients' data
 * in full, with a reason the audit keeps.
 */
export function Exports() {
  const role = roleOf();
  const claims = currentSession()?.claims;
  const city = role === 'city_civil_affairs' || role === 'city_finance';
  const mayReveal = role === 'district_civil_affairs';
  const divisions = useDivisions();
  const [form] = Form.useForm<ExportValues>();
  const kind = Form.useWatch('kind', form);
  const unmasked = Form.useWatch('unmasked', form);
  const district = Form.useWatch('districtCode', form) ?? claims?.district_code;
  const streets = divisions.data?.find((d) => d.code === district)?.streets ?? [];
  const run = useMutation({
    mutationFn: (v: ExportValues) =>
      data(
        api.POST('/exports', {
          body: {
            kind: v.kind,
            ...(v.districtCode ? { districtCode: v.districtCode } : {}),
            ...(v.streetCode ? { streetCode: v.streetCode } : {}),
            ...(v.unmasked ? { unmasked: true, reason: v.reason ?? '' } : {}),
          },
        }),
      ),
    onSuccess: (made) => {
      window.location.assign(made.downloadUrl);
    },
  });
  return (
    <section aria-labelledby="exports-title">
      <Typography.Title level={2} id="exports-title" style={{ fontSize: 20 }}>
        数据导出
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {'导出本辖区的名册为 Excel（.xlsx），供统计报送使用。'}
        {'个人信息（姓名、身份证号、手机号、住址等）按系统规则掩码；列名与批量导入模板一致。'}
      </Typography.Paragraph>
      <Card size="small" style={{ maxWidth: 640 }}>
        <ProblemAlert error={run.error} />
        {run.data && (
          <Alert
            type="success"
            showIcon
            role="status"
            style={{ marginBottom: 12 }}
            title={`已生成 ${run.data.fileName}（${run.data.rows} 行）`}
            description={
              <a href={run.data.downloadUrl} download={run.data.fileName}>
                下载文件（5 分钟内有效）
              </a>
            }
          />
        )}
        <Form<ExportValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'stations' }}
          onFinish={(v) => run.mutate(v)}
        >
          <Form.Item label="数据类别" name="kind" rules={[{ required: true, message: '请选择数据类别' }]}>
            <Select
              options={KINDS.filter((k) => k.roles.includes('*') || (role && k.roles.includes(role))).map(
                (k) => ({ value: k.value, label: k.label }),
              )}
              onChange={() => form.setFieldsValue({ unmasked: false })}
            />
          </Form.Item>
          {city && (
            <Form.Item label="区县" name="districtCode" extra="不选：全市">
              <Select
                allowClear
                placeholder="全市"
                options={(divisions.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
                onChange={() => form.setFieldsValue({ streetCode: undefined })}
              />
            </Form.Item>
          )}
          {!claims?.street_code && district && (
            <Form.Item label="街道（镇）" name="streetCode" extra="不选：全区县">
              <Select
                allowClear
                placeholder="全区县"
                options={streets.map((s) => ({ value: s.code, label: s.name }))}
              />
            </Form.Item>
          )}
          {mayReveal && kind && REVEALABLE.includes(kind) && (
            <Form.Item name="unmasked" valuePropName="checked">
              <Checkbox>导出完整个人信息（须填写理由，记入审计；每次最多 5,000 人）</Checkbox>
            </Form.Item>
          )}
          {mayReveal && unmasked && kind && REVEALABLE.includes(kind) && (
            <Form.Item
              label="导出理由"
              name="reason"
              rules={[{ required: true, whitespace: true, message: '请填写导出理由' }]}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={run.isPending}>
              导出 Excel
            </Button>
          </Space>
        </Form>
      </Card>
    </section>
  );
}
