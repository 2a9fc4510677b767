/**
 * The DynamoDB tables, declared once. The CDK stateful stack and the local runtime both create their tables from
 * these definitions, so the keys and indexes the code queries are the ones that exist in both places.
 *
 * - `main`: single table for every entity (stations, divisions, calendar, policies, and later contracts …).
 *   `byDistrict` is the overloaded index for "things in a district"; `byDue` is the sparse index the scheduled
 *   jobs read ("what is due on or before a date"), so no job ever scans; `byOrg` is "the records of an
 *   organisation" (an operator's contracts, later a third party's evaluations, a department's applications).
 * - `audit`: append-only audit records (R29.1). Functions may only put into it (and query), never update or
 *   delete; a record is written in the same transaction as the change it describes.
 */
export interface IndexDefinition {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableDefinition {
  /** Environment variable holding the physical table name. */
  readonly envVar: string;
  /** Local default physical name. */
  readonly localName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexDefinition[];
  readonly timeToLiveAttribute?: string;
}

export const tables = {
  main: {
    envVar: 'MAIN_TABLE_NAME',
    localName: 'sgz-main',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [
      { name: 'byDistrict', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      { name: 'byDue', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
      { name: 'byOrg', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
  audit: {
    envVar: 'AUDIT_TABLE_NAME',
    localName: 'sgz-audit',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [{ name: 'byScope', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  },
} as const satisfies Record<string, TableDefinition>;

export type TableId = keyof typeof tables;
