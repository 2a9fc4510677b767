import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import {
  isConditionalExpression,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isObjectLiteralExpression,
  isPropertyAssignment,
  isStringLiteral,
  isTemplateExpression,
} from 'typescript/unstable/ast/is';
import { API } from 'typescript/unstable/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  COMPLAINT_STATUS_NAMES,
  COMPLAINT_STATUSES,
  transitionComplaint,
} from '#shared/domain/complaints/complaint';
import {
  CONTRACT_STATUS_NAMES,
  CONTRACT_STATUSES,
  transitionContract,
} from '#shared/domain/contracts/contract';
import { DomainError, describeIssues, notFound, outOfScope, versionConflict } from '#shared/domain/errors';
import {
  EVALUATION_STATUS_NAMES,
  EVALUATION_STATUSES,
  transitionEvaluation,
} from '#shared/domain/evaluation/evaluation';
import {
  HANDOVER_STATUS_NAMES,
  HANDOVER_STATUSES,
  transitionHandover,
} from '#shared/domain/handover/handover';
import { APPLICATION_STATUS_NAMES, APPLICATION_STATUSES, decide } from '#shared/domain/platform/application';
import {
  RECTIFICATION_STATUS_NAMES,
  RECTIFICATION_STATUSES,
  transitionRectification,
} from '#shared/domain/rectification/rectification';
import { STATION_STATUS_NAMES, STATION_STATUSES, transitionStation } from '#shared/domain/stations/station';
// The handler factory installs the zh-CN error map; importing it here is what installs it for these tests.
import '#shared/http/http-handler';
import {
  forbiddenRole,
  issuesOf,
  problemResponse,
  toDomainError,
  unauthenticated,
  validationFailed,
} from '#shared/http/problem';
import { type RouteDefinition, routes } from '#shared/manifest';
import { SchemaArbitraries } from '#test/helpers/arbitraries';

/**
 * Every error the API returns is in Chinese (issue 18, item 6): the titles and details of every DomainError in the
 * code, zod's messages for every route's schemas, the helpers' and the HTTP layer's own problems, and the problems
 * the local runtime writes itself.
 */
const CJK = /[\u3400-\u9fff]/;
const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

/** A string literal, a template literal or either branch of a conditional: its text; else undefined. */
type Node = Parameters<typeof isStringLiteral>[0];
function literalTexts(node: Node): string[] | undefined {
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (isTemplateExpression(node))
    return [node.head.text + node.templateSpans.map((s) => s.literal.text).join('')];
  if (isConditionalExpression(node)) {
    const a = literalTexts(node.whenTrue);
    const b = literalTexts(node.whenFalse);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

interface Found {
  readonly where: string;
  readonly what: string;
  readonly text: string;
}

/**
 * Parses the TypeScript of `dirs` with the compiler's API (TypeScript 7: the native compiler, driven from Node) in a
 * project of its own that resolves nothing, so that parsing takes a second, not a type check of the repository.
 */
function parseSources(dirs: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'sgz-zh-errors-'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: { noResolve: true, noLib: true, types: [], noEmit: true, allowJs: false },
      include: dirs.map((d) => join(repoRoot, d, '**/*.ts')),
    }),
  );
  const api = new API({ cwd: repoRoot });
  const project = api.updateSnapshot({ openProjects: [config] }).getProjects()[0];
  if (!project) throw new Error('the TypeScript API opened no project');
  const files = project.program.getSourceFileNames().map((name) => {
    const file = project.program.getSourceFile(name);
    if (!file) throw new Error(`no source file ${name}`);
    return file;
  });
  return {
    files,
    close: () => {
      api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('every DomainError in shared/ and functions/', () => {
  const calls: { where: string; title: string; detail?: string; errors: boolean }[] = [];
  const texts: Found[] = [];

  beforeAll(() => {
    const { files, close } = parseSources(['shared', 'functions']);
    try {
      for (const file of files) {
        const at = (node: Node) =>
          `${relative(repoRoot, file.fileName)}:${file.text.slice(0, node.getStart(file)).split('\n').length}`;
        const visit = (node: Node): void => {
          if (isNewExpression(node) && node.expression.getText(file) === 'DomainError') {
            const [, , title, detail, extras] = node.arguments ?? [];
            const where = at(node);
            calls.push({
              where,
              title: title?.getText(file) ?? '',
              ...(detail && detail.getText(file) !== 'undefined' ? { detail: detail.getText(file) } : {}),
              errors: extras !== undefined && /\berrors\b/.test(extras.getText(file)),
            });
            for (const [what, arg] of [
              ['title', title],
              ['detail', detail],
            ] as const) {
              for (const text of arg ? (literalTexts(arg) ?? []) : []) texts.push({ where, what, text });
            }
            // The field messages of its `errors`, where written out.
            const messages = (n: Node): void => {
              if (isPropertyAssignment(n) && n.name.getText(file) === 'message') {
                for (const text of literalTexts(n.initializer) ?? [])
                  texts.push({ where: at(n), what: 'errors[].message', text });
              }
              n.forEachChild(messages);
            };
            if (extras && isObjectLiteralExpression(extras)) messages(extras);
          }
          node.forEachChild(visit);
        };
        visit(file);
      }
    } finally {
      close();
    }
  });

  it('finds them all (the parse reached the code)', () => {
    expect(calls.length).toBeGreaterThan(100);
    expect(texts.filter((t) => t.what === 'title').length).toBeGreaterThan(100);
  });

  it('gives a detail of its own, or names the fields at fault (which then are its detail)', () => {
    const bare = calls.filter((c) => c.detail === undefined && !c.errors).map((c) => `${c.where} ${c.title}`);
    expect(bare).toEqual([]);
  });

  it('has a zh-CN title and detail, and zh-CN field messages, wherever they are written out', () => {
    const english = texts.filter((t) => !CJK.test(t.text)).map((t) => `${t.where} ${t.what}: ${t.text}`);
    expect(english).toEqual([]);
  });
});

describe('the helpers of shared/domain/errors.ts and shared/http/problem.ts', () => {
  const zh = (e: DomainError) => {
    expect(e.title).toMatch(CJK);
    expect(e.message).toMatch(CJK);
    expect(e.message).not.toBe(e.title);
  };

  it('not found, version conflict, out of scope, unauthenticated, forbidden role: zh-CN title and detail', () => {
    for (const e of [notFound('社工站'), versionConflict(), outOfScope(), unauthenticated(), forbiddenRole()])
      zh(e);
    expect(notFound('服务合同').message).toBe('找不到该服务合同，请核对后重试。');
  });

  it('names the entity and both states of a refused transition in Chinese, for every state machine', () => {
    const refusals = (transition: (from: string, to: string) => unknown, statuses: readonly string[]) =>
      statuses.flatMap((from) =>
        statuses.flatMap((to) => {
          try {
            transition(from, to);
            return [];
          } catch (error) {
            return [error as DomainError];
          }
        }),
      );
    const machines: [string, (from: string, to: string) => unknown, readonly string[]][] = [
      ['station', transitionStation as never, STATION_STATUSES],
      ['contract', transitionContract as never, CONTRACT_STATUSES],
      ['complaint', transitionComplaint as never, COMPLAINT_STATUSES],
      ['evaluation', transitionEvaluation as never, EVALUATION_STATUSES],
      ['handover', transitionHandover as never, HANDOVER_STATUSES],
      ['rectification', transitionRectification as never, RECTIFICATION_STATUSES],
      ['platform application', decide as never, APPLICATION_STATUSES],
    ];
    for (const [entity, transition, statuses] of machines) {
      const refused = refusals(transition, statuses);
      expect(refused.length, entity).toBeGreaterThan(0);
      for (const e of refused) {
        expect(e.code).toBe('INVALID_TRANSITION');
        zh(e);
        // Nothing of the codes is left: every word the user reads is Chinese.
        expect(e.message, entity).not.toMatch(/[A-Za-z]/);
      }
    }
    expect(() => transitionStation('closed', 'active')).toThrowError(
      '该社工站当前为「已关闭」，不能变为「运营中」。',
    );
  });

  it('names every state of every state machine in Chinese', () => {
    for (const [names, statuses] of [
      [STATION_STATUS_NAMES, STATION_STATUSES],
      [CONTRACT_STATUS_NAMES, CONTRACT_STATUSES],
      [COMPLAINT_STATUS_NAMES, COMPLAINT_STATUSES],
      [EVALUATION_STATUS_NAMES, EVALUATION_STATUSES],
      [HANDOVER_STATUS_NAMES, HANDOVER_STATUSES],
      [RECTIFICATION_STATUS_NAMES, RECTIFICATION_STATUSES],
      [APPLICATION_STATUS_NAMES, APPLICATION_STATUSES],
    ] as [Readonly<Record<string, string>>, readonly string[]][]) {
      expect(Object.keys(names).sort()).toEqual([...statuses].sort());
      for (const name of Object.values(names)) expect(name).toMatch(CJK);
    }
  });

  it('maps what middy, DynamoDB and the unexpected throw to zh-CN problems', () => {
    const middy = (message: string) =>
      Object.assign(new Error(message), {
        statusCode: 415,
        cause: { package: '@middy/http-json-body-parser' },
      });
    const cases: [unknown, string][] = [
      [middy('Unsupported Media Type'), 'UNSUPPORTED_MEDIA_TYPE'],
      [middy('Invalid or malformed JSON was provided'), 'MALFORMED_JSON'],
      [
        Object.assign(new Error('The provided starting key is invalid'), { name: 'ValidationException' }),
        'INVALID_CURSOR',
      ],
      [Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), 'STORE_UNAVAILABLE'],
      [new TypeError("Cannot read properties of undefined (reading 'x')"), 'INTERNAL'],
    ];
    for (const [thrown, code] of cases) {
      const e = toDomainError(thrown);
      expect(e.code).toBe(code);
      zh(e);
    }
  });

  it('names the field in the detail of a refusal of one field', () => {
    const e = validationFailed([{ path: 'body.amountFen', message: '须为整数' }]);
    expect(e.message).toBe('body.amountFen：须为整数。请按 errors 中列出的字段逐项修改后重试。');
  });

  it('gives the count and the first three fields in the detail of a refusal of many', () => {
    const issues = ['a', 'b', 'c', 'd', 'e'].map((f) => ({ path: `body.${f}`, message: '必填' }));
    expect(describeIssues(issues)).toBe(
      '共 5 处不符合要求：body.a：必填；body.b：必填；body.c：必填；其余 2 处见 errors',
    );
  });

  it('makes the fields the detail of a refusal that names fields but has no detail of its own', () => {
    const e = new DomainError('SCORE_INVALID', 422, '分数有误', undefined, {
      errors: [{ path: 'body.score', message: '分数应为 0–100' }],
    });
    const body = JSON.parse(problemResponse(e).body as string);
    expect(body).toMatchObject({ title: '分数有误', detail: 'body.score：分数应为 0–100' });
  });
});

describe('zod in zh-CN: each message says what the field allows', () => {
  const messageOf = (schema: z.ZodType, value: unknown) => {
    const result = schema.safeParse(value);
    if (result.success) throw new Error(`accepted ${JSON.stringify(value)}`);
    return issuesOf('body', result.error).map((i) => `${i.path}：${i.message}`);
  };
  const body = z.strictObject({
    amountFen: z.number().int().min(1),
    name: z.string().trim().min(1).max(5),
    status: z.enum(['draft', 'active', 'closed']),
    on: z.iso.date(),
    tags: z.array(z.string()).min(1).max(2),
    code: z.string().regex(/^\d{6}$/),
    step: z.number().multipleOf(5),
    flag: z.boolean(),
    kind: z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b') })]),
  });
  const valid = {
    amountFen: 100,
    name: '张三',
    status: 'draft',
    on: '2026-11-25',
    tags: ['x'],
    code: '370102',
    step: 10,
    flag: true,
    kind: { k: 'a' },
  };

  it.each([
    ['a missing field', { amountFen: undefined }, 'body.amountFen：必填'],
    ['a wrong type', { amountFen: '100' }, 'body.amountFen：须为数字'],
    ['a fraction for an integer', { amountFen: 1.5 }, 'body.amountFen：须为整数'],
    ['a number under the minimum', { amountFen: 0 }, 'body.amountFen：不小于 1'],
    ['an empty string', { name: '   ' }, 'body.name：不能为空'],
    ['a string too long', { name: '一二三四五六' }, 'body.name：不超过 5 个字符'],
    ['a value outside the enum', { status: 'open' }, 'body.status：须为以下之一：draft、active、closed'],
    ['a bad date', { on: '2026-02-30' }, 'body.on：须为 YYYY-MM-DD 格式的日期'],
    ['an empty list', { tags: [] }, 'body.tags：至少 1 项'],
    ['a list too long', { tags: ['a', 'b', 'c'] }, 'body.tags：不超过 2 项'],
    ['a pattern not matched', { code: '3701' }, 'body.code：格式不正确'],
    ['not a multiple', { step: 7 }, 'body.step：须为 5 的整数倍'],
    ['a string for a boolean', { flag: 'true' }, 'body.flag：须为 true 或 false'],
    ['an unknown discriminator', { kind: { k: 'c' } }, 'body.kind.k：须为以下之一：a、b'],
    ['a field the schema does not declare', { extra: 1 }, 'body：不允许提交的字段：extra'],
  ])('%s', (_what, change, expected) => {
    expect(messageOf(body, { ...valid, ...change })).toEqual([expected]);
  });

  it('keeps a message the schema gives itself', () => {
    expect(messageOf(z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字'), '1')).toEqual([
      'body：区县代码应为 6 位数字',
    ]);
    expect(
      messageOf(
        z.string().refine(() => false),
        'x',
      ),
    ).toEqual(['body：不符合要求']);
  });

  const routeList = Object.entries(routes) as [string, RouteDefinition][];
  const gen = new SchemaArbitraries({ hostility: 0.5 });
  const urlGen = new SchemaArbitraries({ hostility: 0.5, inUrl: true });
  it(`refuses in Chinese whatever the ${routeList.length} routes' schemas refuse`, () => {
    const english = new Set<string>();
    for (const [id, route] of routeList) {
      for (const where of ['params', 'query', 'body'] as const) {
        const schema = route.request?.[where];
        if (!schema) continue;
        const g = where === 'body' ? gen : urlGen;
        for (const value of fc.sample(g.invalid(schema), { numRuns: 15, seed: 18 })) {
          const result = schema.safeParse(value);
          if (result.success) continue;
          for (const issue of issuesOf(where, result.error)) {
            if (!CJK.test(issue.message)) english.add(`${id} ${issue.path}: ${issue.message}`);
          }
        }
      }
    }
    expect([...english]).toEqual([]);
  });
});

describe('the problems the local runtime writes itself', () => {
  it('have a zh-CN title and detail (infra/local)', () => {
    const { files, close } = parseSources(['infra/local']);
    const found: Found[] = [];
    try {
      for (const file of files) {
        const visit = (node: Node): void => {
          if (isObjectLiteralExpression(node)) {
            const props = new Map(
              node.properties.filter(isPropertyAssignment).map((p) => [p.name.getText(file), p.initializer]),
            );
            const type = props.get('type');
            if (type && literalTexts(type)?.[0]?.startsWith('urn:sgz:problem:')) {
              const where = `${relative(repoRoot, file.fileName)}:${file.text.slice(0, node.getStart(file)).split('\n').length}`;
              for (const what of ['title', 'detail']) {
                const value = props.get(what);
                found.push({ where, what, text: value ? (literalTexts(value) ?? ['?']).join('') : '' });
              }
            }
          }
          node.forEachChild(visit);
        };
        visit(file);
      }
    } finally {
      close();
    }
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((f) => !CJK.test(f.text)).map((f) => `${f.where} ${f.what}: ${f.text}`)).toEqual([]);
  });
});
