import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TableDefinition } from '#shared/adapters/dynamodb/tables';

export interface AppTableProps {
  /** The definition shared with the local runtime (keys, indexes, TTL). */
  readonly definition: TableDefinition;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A DynamoDB table built from its shared definition, with the defaults every table of the system has:
 * on-demand capacity, point-in-time recovery, deletion protection, encryption at rest, retained on removal.
 */
export class AppTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: AppTableProps) {
    super(scope, id);
    const def = props.definition;
    this.table = new Table(this, 'Table', {
      partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
      sortKey: { name: def.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: props.removalPolicy,
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
