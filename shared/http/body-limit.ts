import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '#shared/domain/errors';

/**
 * The most a request body may hold: every route's JSON is small (files go to S3 by presigned URL), so a larger body
 * is a mistake, refused before it is parsed with a problem in zh-CN. API Gateway refuses bodies over 10 MB itself,
 * and Lambda cannot take more than 6 MB; those never reach a function and keep the platform's own answer.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export const bodyLimit = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  before: async (request) => {
    const { body, isBase64Encoded } = request.event;
    if (body === undefined) return;
    const bytes = isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body, 'utf8');
    if (bytes > MAX_JSON_BODY_BYTES) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        413,
        '请求体过大',
        `请求体为 ${(bytes / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_JSON_BODY_BYTES / 1024 / 1024} MB 的上限。文件请按上传地址直接上传，不要放在请求体中。`,
      );
    }
  },
});
