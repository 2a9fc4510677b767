import { inject } from 'vitest';

// Integration tests talk to the DynamoDB Local of the global setup (e2e tests start their own runtime).
process.env.DYNAMODB_ENDPOINT = inject('dynamoEndpoint');
