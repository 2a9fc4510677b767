import { Breadcrumb, Descriptions, Segmented, Space, Spin, Tabs, Typography } from 'antd';
import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { CONTRACT_STATUS, LEDGER_CATEGORY } from '../../components/labels';
import { Money } from '../../components/Money';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { allowed } from '../../services/access';
import { type Contract, Panel, useContract, useOpenYear } from './common';
import { KeyDomains } from './KeyDomains';
import { Ledger } from './Ledger';
import { MY_CONTRACTS_OPERATION } from './MyContracts';
import { NeedsSurvey } from './NeedsSurvey';
import { Recipients } from './Recipients';
import { CoordinationMeetings, SupervisionSessions } from './Records';
import { Roster } from './Roster';
import { ServiceWork } from './ServiceWork';
import { TaskBook } from './TaskBook';

const TABS = ['plan', 'service', 'recipients', 'roster', 'ledger', 'records'] as const;

/**
 * One contract as its operator works on it: the service year's key domains, needs survey and task book (with their
 * confirmations and progress), the station's service records and hours, its register of the people served, the roster, the dedicated ledger, supervision and coordination meetings. Other roles
 * the API admits (the district, the street office, auditors) read the same page; each button shows only when the
 * API admits the role to its operation, and the API still decides.
 */
export function ContractPage() {
  const { id = '' } = useParams();
  const contract = useContract(id);
  const c = contract.data;
  const [search, setSearch] = useSearchParams();
  const tab = TABS.find((t) => t === search.get('tab')) ?? 'plan';
  const select = (changes: Record<string, string>) =>
    setSearch(
      (s) => {
        for (const [k, v] of Object.entries(changes)) s.set(k, v);
        return s;
      },
      { replace: true },
    );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          {
            title: allowed(MY_CONTRACTS_OPERATION) ? (
              <Link to="/console/my-contracts">我的合同</Link>
            ) : (
              <Link to="/console/contracts">服务合同</Link>
            ),
          },
          { title: '合同详情' },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {c ? `服务合同 ${c.number}` : '服务合同'}
      </Typography.Title>
      <ProblemAlert error={contract.error} />
      {contract.isLoading && <Spin />}
      {c && (
        <>
          <Overview contract={c} />
          <Tabs
            activeKey={tab}
            onChange={(t) => select({ tab: t })}
            items={[
              {
                key: 'plan',
                label: '年度计划',
                children: (
                  <YearPlan
                    contract={c}
                    asked={Number(search.get('year'))}
                    onYear={(y) => select({ year: String(y) })}
                  />
                ),
              },
              {
                key: 'service',
                label: '服务记录',
                children: <ServiceWork contractId={c.id} stationId={c.stationId} />,
              },
              { key: 'recipients', label: '服务对象', children: <Recipients stationId={c.stationId} /> },
              { key: 'roster', label: '花名册', children: <Roster contractId={c.id} /> },
              { key: 'ledger', label: '专账', children: <Ledger contractId={c.id} /> },
              {
                key: 'records',
                label: '督导与会议',
                children: (
                  <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                    <SupervisionSessions contractId={c.id} />
                    <CoordinationMeetings contractId={c.id} />
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
    </Space>
  );
}

/**
 * A service year's plan: the years as the API knows them, the one asked for in the URL, else the first with
 * anything still open, else the last.
 */
function YearPlan({
  contract: c,
  asked,
  onYear,
}: {
  contract: Contract;
  asked: number;
  onYear: (y: number) => void;
}) {
  const { years, open, loading, error } = useOpenYear(c);
  const year = years.includes(asked) ? asked : (open?.year ?? years.at(-1) ?? 1);
  // The year chosen goes to the URL, so the page stays on it as its work gets done (and a link keeps it).
  useEffect(() => {
    if (!loading && years.length > 0 && !years.includes(asked)) onYear(year);
  }, [loading, years, asked, year, onYear]);
  if (loading) return <Spin />;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ProblemAlert error={error} />
      <Space wrap>
        <span id="service-year-label">服务年度</span>
        <Segmented<number>
          aria-labelledby="service-year-label"
          value={year}
          onChange={onYear}
          options={years.map((n) => ({ value: n, label: `第 ${n} 服务年度` }))}
        />
      </Space>
      <KeyDomains contract={c} year={year} />
      <NeedsSurvey contractId={c.id} year={year} />
      <TaskBook contractId={c.id} year={year} />
    </Space>
  );
}

function Overview({ contract: c }: { contract: Contract }) {
  return (
    <Panel title="合同概况">
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
        <Descriptions.Item label="承接方">{c.operator.name}</Descriptions.Item>
        <Descriptions.Item label="服务期">
          <ChineseDate value={c.servicePeriod.start} /> 至 <ChineseDate value={c.servicePeriod.end} />
        </Descriptions.Item>
        <Descriptions.Item label="状态">
          <StatusTag color={c.status === 'active' ? 'blue' : 'default'}>
            {CONTRACT_STATUS[c.status] ?? c.status}
          </StatusTag>
        </Descriptions.Item>
        <Descriptions.Item label="合同金额">
          <Money fen={c.amountFen} />
        </Descriptions.Item>
        <Descriptions.Item label={LEDGER_CATEGORY.labour}>
          <Money fen={c.breakdown.labourFen} />
        </Descriptions.Item>
        <Descriptions.Item label={LEDGER_CATEGORY.quality_assurance}>
          <Money fen={c.breakdown.qualityAssuranceFen} />
        </Descriptions.Item>
        <Descriptions.Item label={LEDGER_CATEGORY.operator_management}>
          <Money fen={c.breakdown.operatorManagementFen} />
        </Descriptions.Item>
        <Descriptions.Item label="人员配备">{c.staffing.total} 人</Descriptions.Item>
      </Descriptions>
    </Panel>
  );
}
