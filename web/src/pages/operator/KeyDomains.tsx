import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Form, Space, Typography } from 'antd';
import { useState } from 'react';
import { SERVICE_DOMAIN } from '../../components/labels';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { type Contract, keys, Panel } from './common';

type Domain = components['schemas']['KeyDomains']['domains'][number];

/** How many key domains the policy in force asks for (R4.1, 2–3 by default), when it says. */
function useDomainBounds() {
  const policies = useQuery({
    queryKey: ['GET /policies', {}],
    queryFn: () => data(api.GET('/policies')),
    enabled: allowed('GET /policies'),
  });
  const inForce = policies.data?.versions.find((v) => v.id === policies.data?.inForce?.id);
  const bounds = inForce?.parameters.keyDomains as { min?: unknown; max?: unknown } | undefined;
  return typeof bounds?.min === 'number' && typeof bounds.max === 'number'
    ? { min: bounds.min, max: bounds.max }
    : undefined;
}

/** R4.1: the service year's 2–3 key service domains, chosen by the operator from the policy's list. */
export function KeyDomains({ contract, year }: { contract: Contract; year: number }) {
  const queryClient = useQueryClient();
  const bounds = useDomainBounds();
  const chosen = contract.keyDomains?.[String(year)] ?? [];
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<{ domains: Domain[] }>();
  const save = useMutation({
    mutationFn: (domains: Domain[]) =>
      data(
        api.PUT('/contracts/{id}/service-years/{year}/key-domains', {
          params: { path: { id: contract.id, year } },
          body: { version: contract.version, domains },
        }),
      ),
    onSuccess: (after) => {
      queryClient.setQueryData(keys.contract(contract.id), after);
      setEditing(false);
    },
  });
  const mayEdit = allowed('PUT /contracts/{id}/service-years/{year}/key-domains');
  return (
    <Panel
      title="重点服务领域"
      extra={
        mayEdit &&
        !editing && (
          <Button
            onClick={() => {
              form.setFieldsValue({ domains: chosen });
              save.reset();
              setEditing(true);
            }}
          >
            {chosen.length > 0 ? '修改重点领域' : '确定重点领域'}
          </Button>
        )
      }
    >
      {!editing &&
        (chosen.length > 0 ? (
          <Space wrap>
            {chosen.map((d) => (
              <StatusTag key={d} color="blue">
                {SERVICE_DOMAIN[d] ?? d}
              </StatusTag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">本服务年度尚未确定重点服务领域</Typography.Text>
        ))}
      {editing && (
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v.domains ?? [])}>
          <ProblemAlert error={save.error} />
          <Form.Item
            name="domains"
            label={
              bounds
                ? `从以下服务领域中选择 ${bounds.min}–${bounds.max} 个`
                : '从以下服务领域中选择本年度的重点服务领域'
            }
          >
            <Checkbox.Group
              options={Object.entries(SERVICE_DOMAIN).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存重点领域
            </Button>
            <Button onClick={() => setEditing(false)}>取消</Button>
          </Space>
        </Form>
      )}
    </Panel>
  );
}
