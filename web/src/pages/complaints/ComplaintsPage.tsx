import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { COMPLAINT_STATUS } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PageIntro } from '../../layouts/PageIntro';
import { api, data } from '../../services/client';

/**
 * 投诉与查询 (R15.1): anyone files a complaint about a station (the station's code comes with the QR code on its
 * plaque: `/gs/complaints?station=<id>`), may stay anonymous, and follows it with the code given once.
 */
export function ComplaintsPage() {
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'track' ? 'track' : 'file';
  return (
    <>
      <PageIntro path="/gs/complaints" />
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          const next = new URLSearchParams(search);
          next.set('tab', k);
          setSearch(next);
        }}
        items={[
          {
            key: 'file',
            label: '我要投诉',
            children: <FileComplaint station={search.get('station') ?? ''} />,
          },
          {
            key: 'track',
            label: '查询办理进度',
            children: <TrackComplaint initial={search.get('code') ?? ''} />,
          },
        ]}
      />
    </>
  );
}

interface FileValues {
  stationId: string;
  content: string;
  name?: string;
  contact?: string;
}

function FileComplaint({ station }: { station: string }) {
  const file = useMutation({
    mutationFn: (v: FileValues) =>
      data(
        api.POST('/public/complaints', {
          body: {
            stationId: v.stationId.trim(),
            content: v.content,
            ...(v.name ? { name: v.name } : {}),
            ...(v.contact ? { contact: v.contact } : {}),
          },
        }),
      ),
  });
  if (file.data) {
    return (
      <Result
        status="success"
        title="投诉已受理"
        subTitle="查询码只显示这一次，请妥善保存，凭查询码查询办理进度。"
        extra={
          <Card size="small" style={{ textAlign: 'left' }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label="查询码">
                <Typography.Text copyable strong>
                  {file.data.trackingCode}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="收到日期">
                <ChineseDate value={file.data.receivedOn} />
              </Descriptions.Item>
              <Descriptions.Item label="受理期限">
                <ChineseDate value={file.data.acknowledgeBy} />
              </Descriptions.Item>
              <Descriptions.Item label="办结期限">
                <ChineseDate value={file.data.resolveBy} />
                {file.data.provisional && (
                  <Typography.Text type="secondary">（节假日安排未正式公布，日期可能调整）</Typography.Text>
                )}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        }
      />
    );
  }
  return (
    <Form
      layout="vertical"
      initialValues={{ stationId: station }}
      onFinish={(v: FileValues) => file.mutate(v)}
    >
      <ProblemAlert error={file.error} />
      <Form.Item
        label="社工站编号"
        name="stationId"
        extra="扫描社工站门口的二维码进入时已自动填写"
        rules={[{ required: true, message: '请填写社工站编号' }]}
      >
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label="投诉内容" name="content" rules={[{ required: true, message: '请填写投诉内容' }]}>
        <Input.TextArea rows={5} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item label="姓名（选填，可匿名）" name="name">
        <Input maxLength={50} autoComplete="name" />
      </Form.Item>
      <Form.Item label="联系方式（选填，仅受理的区县民政部门可见）" name="contact">
        <Input maxLength={100} autoComplete="tel" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={file.isPending} block>
        提交投诉
      </Button>
    </Form>
  );
}

function TrackComplaint({ initial }: { initial: string }) {
  const [code, setCode] = useState(initial);
  const status = useQuery({
    queryKey: ['GET /public/complaints/{code}', code],
    queryFn: () => data(api.GET('/public/complaints/{code}', { params: { path: { code } } })),
    enabled: code.length > 0,
  });
  return (
    <>
      <Form
        layout="vertical"
        initialValues={{ code: initial }}
        onFinish={(v: { code: string }) => setCode(v.code.trim())}
      >
        <Form.Item label="查询码" name="code" rules={[{ required: true, message: '请填写查询码' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={status.isFetching} block>
          查询
        </Button>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ProblemAlert error={status.error} />
        {status.data && (
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>办理进度</h3>}>
            <Alert
              type="info"
              title={COMPLAINT_STATUS[status.data.status] ?? status.data.status}
              style={{ marginBottom: 12 }}
            />
            <Descriptions column={1} size="small">
              <Descriptions.Item label="收到日期">
                <ChineseDate value={status.data.receivedOn} />
              </Descriptions.Item>
              <Descriptions.Item label="受理期限">
                <ChineseDate value={status.data.acknowledgeBy} />
              </Descriptions.Item>
              <Descriptions.Item label="办结期限">
                <ChineseDate value={status.data.resolveBy} />
                {status.data.provisional && (
                  <Typography.Text type="secondary">（节假日安排未正式公布，日期可能调整）</Typography.Text>
                )}
              </Descriptions.Item>
              {status.data.acknowledgedAt && (
                <Descriptions.Item label="受理时间">
                  <ChineseDate value={status.data.acknowledgedAt} withTime />
                </Descriptions.Item>
              )}
              {status.data.reply && <Descriptions.Item label="答复">{status.data.reply}</Descriptions.Item>}
              {status.data.closedAt && (
                <Descriptions.Item label="办结时间">
                  <ChineseDate value={status.data.closedAt} withTime />
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
        )}
      </div>
    </>
  );
}
