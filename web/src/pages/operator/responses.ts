/**
 * The shape of answers docs/openapi.json still leaves open (`Record<string, unknown>`: `Ledger`, `LedgerEntryRecord`,
 * `VoucherUploadUrl`, `VoucherDownload`, `RecordList`), as shared/application returns them. Read only through these
 * narrow views; once the spec describes them, the generated types in services/api.d.ts replace this file.
 */

/** R27.1: one expenditure of the dedicated ledger. */
export interface LedgerEntryView {
  readonly id: string;
  readonly spentOn: string;
  readonly amountFen: number;
  readonly category: string;
  readonly description: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
}

/** R27.1: the ledger, each cost category against the contract's R23.1 breakdown, as the API sums it. */
export interface LedgerView {
  readonly entries: readonly LedgerEntryView[];
  readonly categories: readonly {
    readonly category: string;
    readonly budgetFen: number;
    readonly spentFen: number;
    readonly remainingFen: number;
    readonly overspent: boolean;
  }[];
  readonly totalSpentFen: number;
}

/** A presigned PUT for one voucher, and the key the ledger entry then names. */
export interface VoucherTicket {
  readonly key: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** A presigned GET of a voucher. */
export interface VoucherLink {
  readonly url: string;
}

/** R14.1: a supervision session. */
export interface SupervisionRecord {
  readonly id: string;
  readonly heldOn: string;
  readonly supervisor: {
    readonly name: string;
    readonly qualification: string;
    readonly organisation?: string;
  };
  readonly workerIds: readonly string[];
  readonly minutes: number;
  readonly topics: readonly string[];
}

/** R8.2: a coordination meeting of district, street office and station. */
export interface MeetingRecord {
  readonly id: string;
  readonly heldOn: string;
  readonly parties: readonly string[];
  readonly issues: readonly string[];
  readonly followUps: readonly { readonly action: string; readonly owner: string; readonly dueOn?: string }[];
  readonly recordedBy: string;
}
