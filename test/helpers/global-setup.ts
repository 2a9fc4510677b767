import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '#infra/local/dynamodb';
import { ensurePortalBuilt } from '#infra/local/portal';
import { freePort } from '#infra/local/ports';
import { assertJava } from '#infra/local/runtime';

/** One in-memory DynamoDB Local for the integration tests; each test file creates its own tables in it. */
export default async function setup(project: TestProject) {
  assertJava();
  // The browser tests (test/web/) open the built portal; built once here, not by each file at the same time.
  ensurePortalBuilt();
  const dynamo = await startDynamoLocal({ port: await freePort() });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
