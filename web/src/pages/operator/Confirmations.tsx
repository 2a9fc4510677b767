import { Descriptions, Typography } from 'antd';
import { ChineseDate } from '../../components/ChineseDate';
import { CONFIRMING_PARTY } from '../../components/labels';
import { StatusTag } from '../../components/StatusTag';
import { roleOf } from '../../services/access';
import type { NeedsSurveyDocument, TaskBookDocument } from './common';

type CoSigned = Pick<
  NeedsSurveyDocument | TaskBookDocument,
  'revision' | 'confirmations' | 'awaiting' | 'inEffect' | 'effective'
>;

/** Whether the signed-in role is one of the parties the API still awaits on this revision. */
export const awaitsMe = (doc: CoSigned): boolean => {
  const role = roleOf();
  return doc.awaiting.some((party) => party === role);
};

/**
 * R9.2: who has confirmed the current revision and who has not, as the API records it; a revision in force
 * before this one is named, so a revision that needs both parties again says so.
 */
export function Confirmations({ doc }: { doc: CoSigned }) {
  const pending = doc.effective && doc.effective.revision !== doc.revision;
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        第 {doc.revision} 版{' '}
        {doc.inEffect ? (
          <StatusTag color="green">双方已确认，已生效</StatusTag>
        ) : (
          <StatusTag color="gold">
            {doc.awaiting.length === 1
              ? `待${CONFIRMING_PARTY[doc.awaiting[0] ?? ''] ?? ''}确认`
              : '待双方确认'}
          </StatusTag>
        )}
        {pending && doc.effective && (
          <Typography.Text type="secondary">
            现行有效的是第 {doc.effective.revision} 版（
            <ChineseDate value={doc.effective.since} withTime /> 起）；修订后须双方重新确认。
          </Typography.Text>
        )}
      </Typography.Paragraph>
      <Descriptions size="small" column={1} bordered>
        {Object.entries(CONFIRMING_PARTY).map(([party, name]) => {
          const c = doc.confirmations[party];
          return (
            <Descriptions.Item key={party} label={`${name}确认`}>
              {c ? (
                <>
                  <StatusTag color="green">已确认</StatusTag>
                  {c.username}，<ChineseDate value={c.at} withTime />
                </>
              ) : (
                <StatusTag color="gold">待确认</StatusTag>
              )}
            </Descriptions.Item>
          );
        })}
      </Descriptions>
    </>
  );
}
