import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { components } from '../../services/api';
import { api, data } from '../../services/client';
import { partyName, reportKey } from './report-queries';

type Slot = components['schemas']['ReportSlot'];
type Decision = components['schemas']['ReportReview']['decision'];

/**
 * R9.3: a recipient accepts the current version or returns it with a reason (the API requires one and tells the
 * submitter). The version read is sent back, so a report changed meanwhile is refused rather than misjudged.
 */
export function ReviewDialog({
  slot,
  decision,
  onClose,
}: {
  slot: Slot;
  decision: Decision;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [comment, setComment] = useState('');
  const returning = decision === 'return';
  const review = useMutation({
    mutationFn: () =>
      data(
        api.POST('/reports/{id}/review', {
          params: { path: { id: slot.id } },
          body: {
            version: slot.version,
            uploadId: slot.currentUploadId ?? '',
            decision,
            ...(comment.trim() ? { comment: comment.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (after) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: reportKey(slot.id) }),
        queryClient.invalidateQueries({ queryKey: ['GET /reports'] }),
      ]);
      void message.success(
        returning
          ? `已退回，${partyName(slot.submitter)}将看到退回理由`
          : after.status === 'accepted'
            ? '已验收，全部接收方均已验收'
            : '已验收，待其他接收方验收',
      );
      onClose();
    },
  });
  return (
    <Modal
      open
      title={returning ? '退回报告' : '验收报告'}
      okText={returning ? '确认退回' : '确认验收'}
      cancelText="取消"
      onOk={() => review.mutate()}
      confirmLoading={review.isPending}
      okButtonProps={{ disabled: returning && !comment.trim() }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{slot.title}</Typography.Paragraph>
      <label htmlFor="review-comment" style={{ display: 'block', marginBottom: 8 }}>
        {returning ? `退回理由（必填，${partyName(slot.submitter)}将看到）` : '意见（选填）'}
      </label>
      <Input.TextArea
        id="review-comment"
        rows={4}
        maxLength={2000}
        showCount
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        style={{ marginBottom: 16 }}
      />
      <ProblemAlert error={review.error} />
    </Modal>
  );
}
