import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteDefinition, routes } from '#shared/manifest';
import { type Synthesized, synthesize } from './synth';

const manifestRoutes = Object.values(routes) as RouteDefinition[];
const publicRoutes = manifestRoutes.filter((r) => r.access === 'public');

describe('the stage stack', () => {
  let built: Synthesized;
  beforeAll(() => {
    built = synthesize();
  });

  it('deploys the $default stage after every routes stack, whose routes its settings name', () => {
    const dependencies = built.stage.dependencies.map((s) => s.stackName);
    for (const stack of built.routes) expect(dependencies).toContain(stack.stackName);
  });

  it('throttles every route at the configured rate and each public route tighter: writes tightest', () => {
    const throttled = synthesize({
      throttleRate: 7,
      throttleBurst: 11,
      publicWriteRate: 1,
      publicWriteBurst: 2,
      publicReadRate: 3,
      publicReadBurst: 4,
    });
    const [stage] = Object.values(throttled.templates.stage.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage?.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 11 },
    });
    const settings = stage?.Properties.RouteSettings as Record<string, Record<string, number>>;
    expect(Object.keys(settings).sort()).toEqual(publicRoutes.map((r) => `${r.method} ${r.path}`).sort());
    expect(settings['POST /public/complaints']).toEqual({ ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2 });
    for (const route of publicRoutes) {
      expect(settings[`${route.method} ${route.path}`]?.ThrottlingRateLimit).toBe(
        route.method === 'GET' ? 3 : 1,
      );
    }
  });

  it('writes JSON access logs with request id, route, status and latency, and nothing about the caller', () => {
    const [stage] = Object.values(built.templates.stage.findResources('AWS::ApiGatewayV2::Stage'));
    const format = stage?.Properties.AccessLogSettings.Format as string;
    const fields = JSON.parse(format) as Record<string, string>;

    expect(fields).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latency: '$context.responseLatency',
    });
    expect(format).not.toMatch(/identity|header|claims|sourceIp|userAgent|principal/i);
    expect(stage?.Properties.AccessLogSettings.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'Arn'],
    });
  });

  it('keeps the access logs at least 180 days (网络安全法第二十一条)', () => {
    const [logs] = Object.values(built.templates.stage.findResources('AWS::Logs::LogGroup'));
    expect(logs?.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
  });
});
