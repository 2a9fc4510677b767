import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storeClientSettings } from '#shared/adapters/store-timeouts';
import { dynamoEndpoint } from '#shared/config';

let cached: DynamoDBDocumentClient | undefined;

/**
 * One document client per process (per Lambda container), pointed at DynamoDB Local when configured, with bounded
 * connection and request timeouts and retries (../store-timeouts.ts).
 */
export function documentClient(): DynamoDBDocumentClient {
  if (!cached) {
    const endpoint = dynamoEndpoint();
    const client = new DynamoDBClient({
      ...(endpoint
        ? {
            endpoint,
            region: process.env.AWS_REGION ?? 'cn-north-1',
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : {}),
      ...storeClientSettings('dynamodb', endpoint !== undefined),
    });
    cached = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return cached;
}

/** For tests and the local runtime: forget the cached client after the endpoint changed. */
export function resetDocumentClient(): void {
  cached = undefined;
}
