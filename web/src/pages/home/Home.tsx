import { Card, Col, Row } from 'antd';
import { Link } from 'react-router';
import { PageIntro } from '../../layouts/PageIntro';

const ENTRIES = [
  {
    to: '/gs/stations',
    title: '社工站名录',
    text: '按区县、街道查找身边的社工站，了解承接方和重点服务领域。',
  },
  { to: '/gs/publicity', title: '评估结果公示', text: '社工站年度评估结果公示期内，可在线提出异议。' },
  { to: '/gs/funds', title: '资金信息公开', text: '按年度、区县查看政府购买社会工作服务的合同与拨付。' },
  { to: '/gs/complaints', title: '投诉与查询', text: '对社工站服务提出投诉，凭查询码了解办理进度。' },
];

/** The public site's front page. */
export function Home() {
  return (
    <>
      <PageIntro path="/gs" />
      <Row gutter={[12, 12]}>
        {ENTRIES.map((e) => (
          <Col xs={24} md={12} key={e.to}>
            <Link to={e.to}>
              <Card hoverable title={e.title}>
                {e.text}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
