import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableDefinition } from '#shared/adapters/dynamodb/tables';

/** A table together with the shared definition it was built from: what a function binding needs. */
export interface DefinedTable {
  readonly table: ITable;
  readonly definition: TableDefinition;
}

export interface AppTableProps {
  /** The definition shared with the local runtime (keys, indexes, TTL, env var name). */
  readonly definition: TableDefinition;
}

/**
 * A DynamoDB table built from its definition in shared/adapters/dynamodb/tables.ts, with the defaults every table
 * of the system has: on-demand capacity, point-in-time recovery, deletion protection, encryption at rest, every
 * GSI projecting all attributes (the repositories read whole items from the indexes), and retained on removal
 * whatever the stage: the records are the system of record (R10.1, R29.1).
 */
export class AppTable extends Construct implements DefinedTable {
  readonly table: Table;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: AppTableProps) {
    super(scope, id);
    const def = props.definition;
    this.definition = def;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(def.timeToLiveAttribute ? { timeToLiveAttribute: def.timeToLiveAttribute } : {}),
    });
    for (const index of def.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
