import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Grid, Select, Space, Spin } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { ChineseDate } from '../../components/ChineseDate';
import { MoreButton } from '../../components/MoreButton';
import { PlainTable } from '../../components/PlainTable';
import { ProblemAlert } from '../../components/ProblemAlert';
import { StatusTag } from '../../components/StatusTag';
import { useCursorList } from '../../components/useCursorList';
import { PageIntro } from '../../layouts/PageIntro';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { DistrictBreakdown } from './DistrictBreakdown';
import './directory.css';

type Station = components['schemas']['PublicStation'];

/**
 * 社工站名录: the stations in operation in Jinan, for anyone and without signing in — each with its standard name
 * (R6.1), street, address, operator and the key service domains of the current service year (R4.1), as the API
 * gives them. The district tiles (counts from the API) and the selects filter the list (`?district=&street=`);
 * 加载更多 pages on with the API's cursor.
 */
export function StationDirectory() {
  const [search, setSearch] = useSearchParams();
  const district = search.get('district') ?? undefined;
  const street = district ? (search.get('street') ?? undefined) : undefined;
  const wide = Grid.useBreakpoint().md === true;
  const divisions = useQuery({
    queryKey: ['GET /divisions'],
    queryFn: () => data(api.GET('/divisions')),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const summary = useQuery({
    queryKey: ['GET /public/stations/summary'],
    queryFn: () => data(api.GET('/public/stations/summary')),
  });
  const list = useCursorList<Station>(['GET /public/stations', { district, street }], (cursor) =>
    data(
      api.GET('/public/stations', {
        params: {
          query: {
            ...(district ? { district } : {}),
            ...(street ? { street } : {}),
            ...(cursor ? { cursor } : {}),
            limit: 20,
          },
        },
      }),
    ),
  );
  const choose = (next: { district?: string | undefined; street?: string | undefined }) => {
    const params = new URLSearchParams(search);
    for (const key of ['district', 'street'] as const) {
      const value = next[key];
      if (value) params.set(key, value);
      else params.delete(key);
    }
    setSearch(params);
  };
  const streets = divisions.data?.find((d) => d.code === district)?.streets ?? [];
  const chosen = summary.data?.districts.find((d) => d.code === district);
  const streetName = streets.find((s) => s.code === street)?.name;
  const scope = streetName ?? chosen?.name ?? '全市';
  // The API counts districts and the city; a street's list is what the list shows.
  const count = streetName ? undefined : district ? chosen?.stations : summary.data?.total;

  return (
    <>
      <PageIntro path="/gs/stations">{summary.data ? `全市现有 ${summary.data.total} 个。` : ''}</PageIntro>
      <ProblemAlert error={summary.error ?? list.error} />
      {summary.data ? (
        <DistrictBreakdown
          summary={summary.data}
          selected={district}
          onSelect={(code) => choose({ district: code })}
        />
      ) : (
        summary.isLoading && <Spin style={{ display: 'block', margin: 16 }} />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label="区县"
          allowClear
          placeholder="全部区县"
          value={district}
          onChange={(v: string | undefined) => choose({ district: v })}
          options={(divisions.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
          style={{ width: 150 }}
        />
        {district && (
          <Select
            aria-label="街道（镇）"
            allowClear
            placeholder="全部街道（镇）"
            value={street}
            onChange={(v: string | undefined) => choose({ district, street: v })}
            options={streets.map((s) => ({ value: s.code, label: s.name }))}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 180 }}
          />
        )}
      </Space>
      <h3 style={{ fontSize: 15, margin: '4px 0 12px' }} aria-live="polite">
        {scope}的社工站{count === undefined ? '' : `（${count} 个）`}
      </h3>
      {wide ? <StationTable list={list} /> : <StationCards list={list} />}
      <MoreButton list={list} />
    </>
  );
}

const noStations = <Empty description="这里暂无运营中的社工站" />;

function Domains({ station }: { station: Station }) {
  if (station.focusDomains.length === 0) return <span>本服务年度尚未确定</span>;
  return (
    <>
      {station.focusDomains.map((d) => (
        <StatusTag key={d.code} color="red">
          {d.name}
        </StatusTag>
      ))}
    </>
  );
}

const operatorOf = (s: Station) => s.operator?.name ?? '暂无在履行的服务合同';

/** Phone: one card per station, every field labelled. */
function StationCards({ list }: { list: ReturnType<typeof useCursorList<Station>> }) {
  if (list.loading) return <Spin style={{ display: 'block', margin: 24 }} />;
  if (list.items.length === 0) return noStations;
  return (
    <ul className="sgz-station-cards" aria-label="社工站列表">
      {list.items.map((s) => (
        <li key={s.id}>
          <Card size="small" className="sgz-station-card">
            <h3>{s.standardName}</h3>
            <dl>
              <dt>所在街道</dt>
              <dd>
                {s.districtName} · {s.streetName}
              </dd>
              <dt>地址</dt>
              <dd>{s.address}</dd>
              <dt>承接方</dt>
              <dd>{operatorOf(s)}</dd>
              <dt>重点领域</dt>
              <dd>
                <Domains station={s} />
              </dd>
              {s.featuredBrand && (
                <>
                  <dt>特色品牌</dt>
                  <dd>{s.featuredBrand}</dd>
                </>
              )}
              {s.openedOn && (
                <>
                  <dt>启用日期</dt>
                  <dd>
                    <ChineseDate value={s.openedOn} />
                  </dd>
                </>
              )}
            </dl>
            <Link to={`/gs/complaints?station=${s.id}`} style={{ display: 'inline-block', marginTop: 8 }}>
              对该站服务提出投诉
            </Link>
          </Card>
        </li>
      ))}
    </ul>
  );
}

/** Desktop: a table of the stations loaded so far. */
function StationTable({ list }: { list: ReturnType<typeof useCursorList<Station>> }) {
  return (
    <PlainTable<Station>
      label="社工站列表"
      minWidth={880}
      rowKey={(s) => s.id}
      loading={list.loading}
      rows={list.items}
      empty={noStations}
      columns={[
        {
          title: '社工站',
          width: 230,
          rowHeader: true,
          render: (s) => (
            <>
              <div>{s.standardName}</div>
              {s.featuredBrand && <div style={{ fontWeight: 400 }}>特色品牌：{s.featuredBrand}</div>}
            </>
          ),
        },
        { title: '区县', render: (s) => s.districtName, width: 90 },
        { title: '街道（镇）', render: (s) => s.streetName, width: 110 },
        { title: '地址', render: (s) => s.address, width: 150 },
        { title: '承接方', render: (s) => operatorOf(s), width: 170 },
        { title: '重点服务领域', render: (s) => <Domains station={s} />, width: 200 },
        {
          title: '投诉',
          width: 70,
          render: (s) => (
            <Link to={`/gs/complaints?station=${s.id}`} aria-label={`对${s.standardName}提出投诉`}>
              投诉
            </Link>
          ),
        },
      ]}
    />
  );
}
