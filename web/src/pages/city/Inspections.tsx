import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ChineseDate } from '../../components/ChineseDate';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { allowed } from '../../services/access';
import { api, data } from '../../services/client';
import { useDistrictName, useDivisions, useParam, useYear, YearSelect } from '../finance/common';

/**
 * An inspection as GET /inspections answers it (R20.1). docs/openapi.json describes it only as an object, so its
 * fields are named here.
 */
interface Inspection {
  readonly id: string;
  readonly year: number;
  readonly districtCode: string;
  readonly inspectedOn: string;
  readonly stationIds: readonly string[];
  readonly inspectors: string;
  readonly findings: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** 督导检查 (R20.1): the city's annual supervision inspections of the districts, recorded here by the city. */
export function Inspections({ compact = false }: { compact?: boolean }) {
  const [year, setYear] = useYear();
  const [district] = useParam('district');
  const list = useQuery({
    queryKey: ['GET /inspections', { year, district }],
    queryFn: async () =>
      (
        await data(
          api.GET('/inspections', { params: { query: { year, ...(district ? { district } : {}) } } }),
        )
      ).items as unknown as Inspection[],
  });
  const name = useDistrictName();
  const canRecord = allowed('POST /inspections');
  const [recording, setRecording] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="inspections-title">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Title
          level={compact ? 3 : 2}
          id="inspections-title"
          style={{ fontSize: compact ? 16 : 20, margin: 0 }}
        >
          {year} 年度督导检查
        </Typography.Title>
        {!compact && <YearSelect year={year} onChange={setYear} />}
        {!compact && canRecord && !recording && (
          <Button type="primary" onClick={() => setRecording(true)}>
            记录检查
          </Button>
        )}
      </Space>
      {saved && !recording && (
        <Alert type="success" showIcon role="status" title="检查记录已保存" style={{ marginBottom: 12 }} />
      )}
      {recording && (
        <RecordInspection
          year={year}
          onClose={(done) => {
            setRecording(false);
            setSaved(done);
          }}
        />
      )}
      <ProblemAlert error={list.error} />
      {!list.error && (
        <ScrollTable<Inspection>
          label="督导检查记录"
          minWidth={860}
          rowKey="id"
          size={compact ? 'small' : 'middle'}
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: `${year} 年尚无督导检查记录` }}
          columns={[
            { title: '区县', width: 110, render: (_, i) => name(i.districtCode) },
            { title: '检查日期', width: 150, render: (_, i) => <ChineseDate value={i.inspectedOn} /> },
            { title: '检查人员', width: 200, dataIndex: 'inspectors' },
            { title: '检查发现', dataIndex: 'findings' },
            { title: '记录人', width: 110, dataIndex: 'recordedBy' },
          ]}
        />
      )}
    </section>
  );
}

interface InspectionValues {
  districtCode: string;
  inspectedOn: Dayjs;
  inspectors: string;
  findings: string;
}

function RecordInspection({ year, onClose }: { year: number; onClose: (saved: boolean) => void }) {
  const [form] = Form.useForm<InspectionValues>();
  const client = useQueryClient();
  const divisions = useDivisions();
  const record = useMutation({
    mutationFn: (v: InspectionValues) =>
      data(
        api.POST('/inspections', {
          body: {
            year,
            districtCode: v.districtCode,
            inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
            inspectors: v.inspectors,
            findings: v.findings,
            stationIds: [],
          },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['GET /inspections'] });
      onClose(true);
    },
  });
  return (
    <Card size="small" title={`记录 ${year} 年度督导检查`} style={{ marginBottom: 16 }}>
      <ProblemAlert error={record.error} />
      <Form<InspectionValues> form={form} layout="vertical" onFinish={(v) => record.mutate(v)}>
        <Form.Item label="被检查区县" name="districtCode" rules={[{ required: true, message: '请选择区县' }]}>
          <Select options={(divisions.data ?? []).map((d) => ({ value: d.code, label: d.name }))} />
        </Form.Item>
        <Form.Item
          label="检查日期"
          name="inspectedOn"
          rules={[{ required: true, message: '请选择检查日期' }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="检查人员"
          name="inspectors"
          rules={[{ required: true, whitespace: true, message: '请填写检查人员' }]}
          extra="市民政局、市财政局参加人员"
        >
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          label="检查发现"
          name="findings"
          rules={[{ required: true, whitespace: true, message: '请填写检查发现' }]}
        >
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            保存检查记录
          </Button>
          <Button onClick={() => onClose(false)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
