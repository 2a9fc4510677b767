import type { z } from 'zod';
import type { Role } from '#shared/domain/access/roles';

/** What every route of the manifest declares; the area files (shared/manifest/<area>.ts) hold the routes. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/stations/{id}`. */
  readonly path: string;
  /** Module (from the repository root) exporting `handler`. */
  readonly handler: string;
  /** `public`, or the roles allowed; scope is checked against the record by the use case. */
  readonly access: 'public' | readonly Role[];
  readonly summary: string;
  readonly tag: string;
  readonly request?: {
    readonly params?: z.ZodType;
    readonly query?: z.ZodType;
    readonly body?: z.ZodType;
  };
  /** Success status and body schema (for OpenAPI). */
  readonly response: { readonly status: number; readonly schema?: z.ZodType; readonly description: string };
  /**
   * Presigned S3 access the route uses (the function's role must hold it): PUT or GET under a prefix; a HEAD is
   * authorised as GET. `checksExistence`: the route asks whether an object exists, for which S3 answers 404 only
   * to a role that may list the prefix (otherwise 403), so the role also gets s3:ListBucket for that prefix.
   * `writes`: the function puts objects there itself, so it also holds s3:PutObject on the prefix.
   */
  readonly storage?: {
    readonly bucket: BucketName;
    readonly presign: 'put' | 'get';
    readonly prefix: string;
    readonly checksExistence?: boolean;
    /** The function also puts objects under the prefix itself (an export writes the file it hands out). */
    readonly writes?: boolean;
  };
  /**
   * The route only probes the stores (readiness): its function may GetItem one key of the main table and HEAD one
   * object key of the reports bucket (shared/adapters/readiness-probe.ts), and nothing else — no other
   * table access, no audit table.
   */
  readonly probesStores?: true;
  /** Data files (repository-relative) the handler reads at run time, e.g. a font; the CDK copies them into its bundle. */
  readonly bundleFiles?: readonly string[];
  /**
   * The function's timeout, when the default (15 s) is too short for what the route does in one request: at most 29,
   * as API Gateway's HTTP API stops waiting at 30 s.
   */
  readonly timeoutSeconds?: number;
}

/** Buckets by logical name; the physical names come from configuration. */
export type BucketName = 'reports' | 'archive';
