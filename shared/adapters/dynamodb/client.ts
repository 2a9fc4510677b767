import { storeClientSettings } from '#shared/adapters/store-timeouts';
import { dynamoEndpoint } from '#shared/config';
import { connectionOf, StoreClient } from './store-client';

let cached: StoreClient | undefined;

/**
 * One DynamoDB client per process (per Lambda container), pointed at DynamoDB Local when configured, with bounded
 * connection and request timeouts and retries (../store-timeouts.ts). The client is ./store-client.ts, which
 * speaks the document commands of lib-dynamodb without loading the AWS SDK's DynamoDBClient.
 */
export function documentClient(): StoreClient {
  if (!cached) {
    const endpoint = dynamoEndpoint();
    const { maxAttempts, requestHandler } = storeClientSettings('dynamodb', endpoint !== undefined);
    cached = new StoreClient({
      ...connectionOf(endpoint),
      maxAttempts,
      connectionTimeout: requestHandler.connectionTimeout,
      requestTimeout: requestHandler.requestTimeout,
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }
  return cached;
}

/** For tests and the local runtime: forget the cached client after the endpoint changed. */
export function resetDocumentClient(): void {
  cached?.destroy();
  cached = undefined;
}
