import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localClient } from '#infra/local/dynamodb';

/**
 * The benchmark's own clients of the local stores (the system's adapters are the job's): DynamoDB Local's, and the
 * document client the generator writes with; s3rver's, with its built-in account.
 */
export function benchClients(dynamoEndpoint: string, s3Endpoint: string) {
  const lowLevel = localClient(dynamoEndpoint);
  const seedClient = DynamoDBDocumentClient.from(lowLevel, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  const s3Setup = new S3Client({
    endpoint: s3Endpoint,
    forcePathStyle: true,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return { lowLevel, seedClient, s3Setup };
}
