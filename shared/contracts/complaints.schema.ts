import * as z from 'zod';
import { TRACKING_CODE } from '#shared/domain/complaints/complaint';
import { DistrictCode, Ulid, Version } from './common.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);

export const FileComplaintBody = z
  .strictObject({
    stationId: Ulid,
    content: Text(2000).meta({ description: '投诉内容（不超过 2000 字）' }),
    name: Text(50).optional().meta({ description: '姓名（可不填，匿名投诉）' }),
    contact: Text(100).optional().meta({ description: '联系方式（可不填；仅受理的区县民政部门可见）' }),
    attachment: z
      .strictObject({
        contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
        bytes: z
          .number()
          .int()
          .min(1)
          .max(5 * 1024 * 1024),
      })
      .optional()
      .meta({ description: '附件（可选，5 MB 以内）：返回预签名上传地址' }),
  })
  .meta({ id: 'FileComplaint', description: 'R15.1 投诉：任何人可投诉，可匿名' });
export const ComplaintReceipt = z
  .object({
    trackingCode: z.string(),
    receivedOn: z.string(),
    acknowledgeBy: z.string(),
    resolveBy: z.string(),
    attachmentUpload: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: 'ComplaintReceipt', description: '查询码只显示这一次，请妥善保存' });
export const TrackingParams = z.strictObject({ code: z.string().regex(TRACKING_CODE, '查询码格式不正确') });
export const ComplaintStatusView = z
  .object({
    status: z.enum(['received', 'acknowledged', 'closed']),
    receivedOn: z.string(),
    acknowledgeBy: z.string(),
    resolveBy: z.string(),
    acknowledgedAt: z.string().optional(),
    reply: z.string().optional(),
    closedAt: z.string().optional(),
  })
  .meta({ id: 'ComplaintStatus' });
export const ComplaintParams = z.strictObject({ id: Ulid });
export const ListComplaintsQuery = z.strictObject({ district: DistrictCode.optional() });
export const ComplaintView = z.record(z.string(), z.unknown()).meta({ id: 'Complaint' });
export const ComplaintList = z.object({ items: z.array(ComplaintView) }).meta({ id: 'ComplaintList' });
export const AcknowledgeBody = z.strictObject({ version: Version }).meta({ id: 'AcknowledgeComplaint' });
export const StatementRequestBody = z
  .strictObject({ version: Version, from: z.enum(['operator', 'street_office']), question: Text(1000) })
  .meta({ id: 'StatementRequest' });
export const StatementBody = z
  .strictObject({ requestId: Ulid, answer: Text(2000) })
  .meta({ id: 'Statement' });
export const CloseComplaintBody = z
  .strictObject({ version: Version, reply: Text(2000), upheld: z.boolean() })
  .meta({ id: 'CloseComplaint' });
