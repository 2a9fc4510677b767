import { Link } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { type ListQuery, ListSection } from '../../components/ListSection';
import { CONTRACT_STATUS } from '../../components/labels';
import { StatusTag } from '../../components/StatusTag';
import type { operations } from '../../services/api';
import { api, data } from '../../services/client';

type ContractsQuery = NonNullable<operations['listContracts']['parameters']['query']>;

/** One page of GET /contracts: the filters from the URL go as they are, and the API judges them. */
const contractsPage = (query: ListQuery, cursor: string | undefined, limit: number) =>
  data(
    api.GET('/contracts', {
      params: { query: { ...(query as ContractsQuery), limit, ...(cursor ? { cursor } : {}) } },
    }),
  );

/** 服务合同: the contracts the API lets the role read, amounts as the API gives them, in yuan. */
export function Contracts({ compact = false }: { compact?: boolean }) {
  return (
    <ListSection
      title="服务合同"
      operation="GET /contracts"
      page={contractsPage}
      filters={['district', 'street', 'status']}
      statuses={CONTRACT_STATUS}
      compact={compact}
      rowKey="id"
      minWidth={720}
      columns={[
        {
          title: '合同编号',
          value: (c) => c.number,
          // The contract's page (web/src/pages/operator/ContractPage.tsx), read-only where the API says so.
          render: (c) => <Link to={`/console/contracts/${c.id}`}>{c.number}</Link>,
          width: 190,
          sortable: true,
        },
        { title: '承接方', value: (c) => c.operator.name, sortable: true },
        {
          title: '合同金额',
          value: (c) => ({ fen: c.amountFen }),
          align: 'right',
          width: 150,
          sortable: true,
        },
        {
          title: '服务期',
          value: (c) => ({ date: c.servicePeriod.start }),
          render: (c) => (
            <>
              <ChineseDate value={c.servicePeriod.start} /> 至 <ChineseDate value={c.servicePeriod.end} />
            </>
          ),
          width: 260,
          sortable: true,
          exported: [
            { title: '服务期起', value: (c) => ({ date: c.servicePeriod.start }) },
            { title: '服务期止', value: (c) => ({ date: c.servicePeriod.end }) },
          ],
        },
        {
          title: '状态',
          value: (c) => CONTRACT_STATUS[c.status] ?? c.status,
          render: (c) => (
            <StatusTag color={c.status === 'active' ? 'blue' : 'default'}>
              {CONTRACT_STATUS[c.status] ?? c.status}
            </StatusTag>
          ),
          width: 110,
          sortable: true,
        },
      ]}
    />
  );
}
