import * as z from 'zod';
import { CONTRACT_STATUSES } from '#shared/domain/contracts/contract';
import { GRADES } from '#shared/domain/evaluation/scoring';
import { LEDGER_CATEGORIES } from '#shared/domain/funds/categories';
import { DistrictCode, IsoDateString, Ulid, Version } from './common.schema';
import { Fen } from './contracts.schema';
import { ServiceVolumeView } from './services.schema';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Year = /* @__PURE__ */ z.coerce.number().int().min(2021).max(2100);
const Bp = /* @__PURE__ */ z.number().int().min(0).max(10000);

export const ContractParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const YearQuery = /* @__PURE__ */ z.strictObject({ year: Year, district: DistrictCode.optional() });
export const BudgetParams = /* @__PURE__ */ z.strictObject({ year: Year, code: DistrictCode });
export const BudgetYearParams = /* @__PURE__ */ z.strictObject({ year: Year });

export const BudgetBody = /* @__PURE__ */ z
  .strictObject({
    cityShareFen: Fen.meta({ description: '市级承担（分）' }),
    districtShareFen: Fen.meta({ description: '区县承担（分）' }),
    sharingRatioPercent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .meta({ description: '市级分担比例（%），因素分配的封顶参照' }),
    version: z.number().int().min(0).meta({ description: '读取时的 version；新建为 0' }),
  })
  .meta({ id: 'Budget', description: 'R22.1 年度预算：市级与区县承担及财政分担比例' });

const Record_ = /* @__PURE__ */ z.record(z.string(), z.unknown());
export const BudgetView = /* @__PURE__ */ Record_.meta({ id: 'BudgetRecord' });
export const BudgetList = /* @__PURE__ */ z.object({ items: z.array(Record_) }).meta({ id: 'BudgetList' });

export const DisbursementBody = /* @__PURE__ */ z
  .strictObject({
    seq: z.number().int().min(1).max(24),
    amountFen: Fen.refine((n) => n > 0, '拨付金额应大于 0'),
    paidOn: IsoDateString,
    reason: Text(1000).optional().meta({ description: '提前或延迟拨付时必填' }),
    voucherRef: Text(100).optional().meta({ description: '支付凭证号' }),
    paidBeforeFen: Fen.meta({
      description:
        '读取时该期的已拨付金额（GET /contracts/{id}/payments 的 paidFen）：与当前不符则 409，两人同时拨付同一期、或超时后重复提交，都只有一笔成功',
    }),
  })
  .meta({ id: 'Disbursement', description: 'R25.1 按合同拨付计划拨付一期（可分次）' });

export const PaymentsView = /* @__PURE__ */ Record_.meta({ id: 'ContractPayments' });
export const DisbursementView = /* @__PURE__ */ Record_.meta({ id: 'DisbursementRecord' });

export const VoucherUrlBody = /* @__PURE__ */ z
  .strictObject({
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
    bytes: z
      .number()
      .int()
      .min(1)
      .max(20 * 1024 * 1024),
  })
  .meta({ id: 'VoucherUploadRequest' });
export const VoucherUrlView = /* @__PURE__ */ z
  .object({
    key: z.string().meta({ description: '凭证编号：记账时作为 voucherKey 带回' }),
    url: z.string().meta({ description: '预签名上传地址' }),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()).meta({ description: '上传时须带上的请求头' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'VoucherUploadUrl', description: '凭证的预签名上传地址（PUT 文件本身）' });

export const LedgerBody = /* @__PURE__ */ z
  .strictObject({
    spentOn: IsoDateString,
    amountFen: Fen.refine((n) => n > 0, '支出金额应大于 0'),
    category: z
      .enum(LEDGER_CATEGORIES)
      .meta({ description: 'R23.1：人员劳务费、服务质量保障经费、承接方运营管理费用' }),
    description: Text(500),
    voucherKey: z
      .string()
      .regex(
        /^vouchers\/[0-9A-HJKMNP-TV-Z]{26}\/[0-9A-HJKMNP-TV-Z]{26}\.(pdf|jpg|png)$/,
        '凭证编号格式不正确',
      ),
  })
  .meta({ id: 'LedgerEntry', description: 'R27.1 专账支出：日期、金额、类别、凭证、说明' });
export const LedgerEntryView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    contractId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    spentOn: z.string(),
    amountFen: z.number().int().meta({ description: '金额（分）' }),
    category: z.enum(LEDGER_CATEGORIES),
    description: z.string(),
    voucherKey: z.string(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'LedgerEntryRecord', description: 'R27.1 专账的一笔支出' });
export const LedgerView = /* @__PURE__ */ z
  .object({
    contractId: Ulid,
    entries: z.array(LedgerEntryView),
    categories: z.array(
      z.object({
        category: z.enum(LEDGER_CATEGORIES),
        budgetFen: z.number().int().meta({ description: '合同构成中该类经费（分）' }),
        spentFen: z.number().int().meta({ description: '已支出（分）' }),
        remainingFen: z.number().int().meta({ description: '结余（分），超支时为负' }),
        overspent: z.boolean(),
      }),
    ),
    totalSpentFen: z.number().int().meta({ description: '累计支出（分）' }),
  })
  .meta({ id: 'Ledger', description: 'R27.1 专账：每笔支出，三类经费对照合同构成（R23.1）' });
export const LedgerEntryParams = /* @__PURE__ */ z.strictObject({ id: Ulid, entryId: Ulid });
export const DownloadView = /* @__PURE__ */ z
  .object({
    url: z.string().meta({ description: '预签名下载地址' }),
    expiresInSeconds: z.number().int(),
  })
  .meta({ id: 'VoucherDownload' });

export const RecoveryQuery = /* @__PURE__ */ z.strictObject({ district: DistrictCode.optional() });
/** A recovery case as shown (R25.1): every derived field from the stored facts by one rule (issue 18). */
export const RecoveryView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    contractId: Ulid,
    evaluationId: Ulid,
    districtCode: z.string(),
    streetCode: z.string(),
    operatorOrg: z.string(),
    contractAmountFen: z.number().int().meta({ description: '合同金额（分）' }),
    openedOn: z.string().meta({ description: '立案日期（评估结果确定为不合格之日）' }),
    terminationOn: z.string().meta({ description: '停止拨付（合同终止）日期；此日及之前的专账支出予以认可' }),
    disbursedFen: z.number().int().meta({ description: '已拨付合计（分）' }),
    recognisedExpenditureFen: z.number().int().meta({ description: '终止日及之前认可的专账支出（分）' }),
    amountFen: z.number().int().meta({ description: '应追回金额（分）= 已拨付 − 认可支出，不小于 0' }),
    repaidFen: z.number().int().meta({ description: '已追回（分）' }),
    outstandingFen: z.number().int().meta({ description: '尚需追回（分）= 应追回 − 已追回，不小于 0' }),
    settled: z.boolean().meta({ description: '已结清：尚需追回为 0（应追回为 0 的案件立案即结清）' }),
    status: z.enum(['open', 'settled']).meta({
      description: '案件状态：settled 已结清、open 追回中；与 settled 恒一致，按当前数据计算',
    }),
    blockedTranches: z
      .array(
        z.object({
          seq: z.number().int().meta({ description: '拨付期次' }),
          amountFen: z.number().int().meta({ description: '该期停止拨付的未付金额（分）' }),
        }),
      )
      .meta({
        description:
          '停止拨付的期次：停止拨付时尚未付清的各期及其未付金额；已付清的期次不在其中，与合同拨付视图的 blocked 期次一致',
      }),
    version: z.number().int(),
  })
  .meta({
    id: 'RecoveryCase',
    description: 'R25.1 追回案件：各项数字与状态均由合同、拨付、专账与还款记录即时计算',
  });
export const RecoveryList = /* @__PURE__ */ z
  .object({ items: z.array(RecoveryView) })
  .meta({ id: 'RecoveryCaseList' });
export const RecoveryParams = /* @__PURE__ */ z.strictObject({ id: Ulid });
export const RepaymentBody = /* @__PURE__ */ z
  .strictObject({
    amountFen: Fen.refine((n) => n > 0, '金额应大于 0'),
    paidOn: IsoDateString,
    version: Version,
  })
  .meta({ id: 'Repayment' });

const Weights = /* @__PURE__ */ z.strictObject({
  contractTotals: z.number().int().min(0).max(100),
  fundPerformance: z.number().int().min(0).max(100),
  fiscalCapacity: z.number().int().min(0).max(100),
  evaluation: z.number().int().min(0).max(100),
});
export const AllocationBody = /* @__PURE__ */ z
  .strictObject({
    year: z.number().int().min(2021).max(2100),
    poolFen: Fen.refine((n) => n > 0, '资金池应大于 0'),
    weights: Weights.optional().meta({ description: '缺省取政策版本的因素权重' }),
    fiscalCapacityBp: z
      .record(DistrictCode, Bp)
      .meta({ description: '各区县财力指数（0–10000，越高分得越少）' }),
    performanceYear: z.number().int().min(2021).max(2100).optional(),
    overrides: z
      .record(
        DistrictCode,
        z.strictObject({
          contractTotalsFen: Fen.optional(),
          fundPerformanceBp: Bp.optional(),
          fiscalCapacityBp: Bp.optional(),
          evaluationBp: Bp.optional(),
          sharingRatioPercent: z.number().int().min(0).max(100).optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'AllocationRequest', description: 'R24.1 因素分配法：结果以分为单位，合计与资金池完全相等' });
export const AllocationView = /* @__PURE__ */ Record_.meta({ id: 'AllocationRun' });
export const AllocationList = /* @__PURE__ */ z
  .object({ items: z.array(Record_) })
  .meta({ id: 'AllocationRunList' });
export const AllocationQuery = /* @__PURE__ */ z.strictObject({ year: Year });

export const PerformanceView = /* @__PURE__ */ z
  .looseObject({
    year: z.number().int(),
    districts: z.array(Record_),
    serviceVolume: ServiceVolumeView.meta({
      description:
        '服务量（问题 19）：本年度各社工站、区县的服务记录条数、服务时数（由分钟换算）与结案个案数',
    }),
  })
  .meta({ id: 'Performance' });
export const PublicFundsQuery = /* @__PURE__ */ z.strictObject({
  year: Year,
  district: DistrictCode.optional(),
});
const Party = /* @__PURE__ */ z.object({ id: z.string(), name: z.string() });
export const DisclosedContractView = /* @__PURE__ */ z
  .object({
    id: Ulid,
    number: z.string().meta({ description: '合同编号' }),
    title: z.string().meta({ description: '社工站标准名称' }),
    districtCode: DistrictCode,
    districtName: z.string(),
    buyer: Party.meta({ description: '购买主体：区县民政局' }),
    supplier: Party.meta({ description: '承接方' }),
    amountFen: z.number().int().meta({ description: '合同金额（分）' }),
    period: z.object({ start: z.string(), end: z.string() }).meta({ description: '服务期' }),
    status: z.enum(CONTRACT_STATUSES),
    dateSigned: z.string().optional(),
    budgetFen: z.number().int().optional().meta({ description: '区县当年预算（市级 + 区县承担，分）' }),
    disbursements: z
      .array(
        z.object({
          id: z.string(),
          date: z.string(),
          amountFen: z.number().int(),
          tranche: z.number().int(),
        }),
      )
      .meta({ description: '本年度拨付' }),
    finalEvaluation: z
      .object({
        grade: z.enum(GRADES),
        gradeName: z.string(),
        total: z.string().meta({ description: '总分，四位小数的十进制文本' }),
        finalOn: z.string(),
      })
      .optional()
      .meta({ description: '本年度最终评估结果（公示期满后）' }),
  })
  .meta({ id: 'DisclosedContract' });
export const PublicFundsView = /* @__PURE__ */ z
  .object({
    year: z.number().int(),
    contracts: z.array(DisclosedContractView),
    totals: z.object({
      contractsFen: z.number().int().meta({ description: '合同金额合计（分）' }),
      disbursedFen: z.number().int().meta({ description: '本年已拨付合计（分）' }),
    }),
  })
  .meta({
    id: 'PublicFunds',
    description: 'R28.1 资金信息公开：一年的合同、金额、承接方、拨付与最终评估结果',
  });
export const OcdsParams = /* @__PURE__ */ z.strictObject({ year: Year });
export const OcdsView = /* @__PURE__ */ Record_.meta({
  id: 'OcdsReleasePackage',
  description: 'OCDS 1.1 release package',
});
