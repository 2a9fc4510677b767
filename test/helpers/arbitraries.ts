import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as z from 'zod';
import { DEMO_USERS, type DemoUser } from '#infra/local/demo-users';
import type { LocalIdentity } from '#infra/local/identity';
import { documentClient } from '#shared/adapters/dynamodb/client';
import { ScanCommand } from '#shared/adapters/dynamodb/store-client';
import { type TableId, tables } from '#shared/adapters/dynamodb/tables';
import { tableName } from '#shared/config';
import type { RouteDefinition } from '#shared/manifest';
import { TEST_ID_NUMBERS } from '#test/helpers/contracts';

/**
 * Generators for the reliability and security tests (test/e2e/bad-input, prying, tokens; scripts/fuzz.ts), derived
 * from the manifest's zod schemas by walking them (zod-fast-check does not support zod 4): for each schema node a
 * generator of values it accepts and one of values it refuses, built from its checks (lengths, patterns, bounds,
 * enum values, strict shapes). Around them: hostile strings, the transport of params, query and body as the local
 * API Gateway delivers them, the oracle (what the handler will accept), problem+json checks, a fingerprint of the
 * stored state, and the real records of a scope that the path parameters point at.
 */

// Hostile strings -------------------------------------------------------------------------------------------

/** Injection-shaped text: valid as free text, never to be interpreted. */
export const INJECTION: readonly string[] = [
  "' OR 1=1 --",
  '" OR ""="',
  "'; DROP TABLE stations; --",
  '{"$gt":""}',
  '{"$ne":null}',
  '{"$where":"sleep(1000)"}',
  '__proto__',
  'constructor',
  'prototype',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'a\r\nSet-Cookie: injected=1',
  '\r\n\r\nHTTP/1.1 200 OK',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally.
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '$(id)',
  '`id`',
  '%s%s%s%n',
  '%00',
  '%2e%2e%2f',
  'STATION#01JD0000000000000000000000',
  'ENTITY#station#',
  'CITY',
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '1e309',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  '=HYPERLINK("http://x")',
];

/** Well-formed Unicode at its edges: NUL, bidi overrides, zero-width, BOM, emoji sequences, combining marks. */
export const UNICODE_EDGE: readonly string[] = [
  'a\u0000b',
  '\u0000',
  '\u202e\u202dRTL 覆盖',
  'مرحبا بالعالم',
  'שלום עולם',
  'a\u200bb\u200cc\u200dd',
  '\u200b',
  '\ufeffBOM',
  '👩‍👩‍👧‍👦',
  '🇨🇳🏳️‍🌈',
  '😀😀😀😀😀',
  'e\u0301\u0301\u0301',
  '𠜎𠜱𠝹𠱓',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '\u2028\u2029',
  '\t\v\f',
  '\u00a0',
  '\uffff\ufffe',
  '社工站\u0085',
];

/** Not well-formed: lone UTF-16 surrogates (JSON's `\ud800` escapes carry them). The handler refuses them. */
export const ILL_FORMED: readonly string[] = ['\ud800', 'a\udc00b', '\udfff\ud800', `x${'\ud83d'}`];

export const HOSTILE: readonly string[] = [...INJECTION, ...UNICODE_EDGE];

/** Field names a caller may not set (mass assignment), added where the schema does not declare them. */
export const FORBIDDEN_FIELDS: readonly string[] = [
  'id',
  'status',
  'version',
  'createdAt',
  'updatedAt',
  'createdBy',
  'districtCode',
  'streetCode',
  'stationId',
  'contractId',
  'orgId',
  'org',
  'district',
  'role',
  'roles',
  'sub',
  'score',
  'scores',
  'total',
  'grade',
  'result',
  'amountFen',
  'paidFen',
  'archiveHolder',
  'paymentsBlocked',
  'owner',
  'decision',
  'pk',
  'gsi1pk',
  '__proto__',
  'constructor',
  'prototype',
  '$where',
];

// Walking zod 4 schemas --------------------------------------------------------------------------------------

interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly pattern?: RegExp;
}
interface SchemaDef {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly shape?: Record<string, z.ZodType>;
  readonly catchall?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly coerce?: boolean;
}
const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
const checksOf = (schema: z.ZodType): CheckDef[] => (defOf(schema).checks ?? []).map((c) => c._zod.def);
const metaOf = (schema: z.ZodType): { format?: string; example?: unknown } | undefined =>
  z.globalRegistry.get(schema) as { format?: string; example?: unknown } | undefined;

/** Whether an object property may be left out. */
export function isOptional(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === 'optional' || def.type === 'default' || def.type === 'prefault') return true;
  if (def.type === 'pipe' && def.in) return isOptional(def.in);
  if (def.type === 'nullable' && def.innerType) return isOptional(def.innerType);
  return false;
}

/** The declared keys of an object schema (through optional/nullable/pipe wrappers), or undefined. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const def = defOf(schema);
  if (def.type === 'object') return def.shape;
  if (def.innerType) return shapeOf(def.innerType);
  if (def.type === 'pipe' && def.in) return shapeOf(def.in);
  return undefined;
}

/** Marks a property to leave out of a generated object. */
const OMIT = Symbol('omit');

/** Builds an object with own data properties only (a `__proto__` key stays a key, as JSON.parse makes it). */
const objectOf = (entries: readonly (readonly [string, unknown])[]): Record<string, unknown> =>
  Object.fromEntries(entries.filter(([, v]) => v !== OMIT));

const INT32 = 2 ** 31 - 1;
function intBetween(min: number, max: number): fc.Arbitrary<number> {
  if (min >= -INT32 && max <= INT32) return fc.integer({ min, max });
  return fc.oneof(
    fc.integer({ min: Math.max(min, -INT32), max: Math.min(max, INT32) }),
    fc.constantFrom(min, max),
    fc.maxSafeInteger().filter((n) => n >= min && n <= max),
  );
}

const isoDate = fc
  .date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

export interface GeneratorOptions {
  /** Values by property name, used wherever that property appears (real ids, current versions …). */
  readonly hints?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** How often (0–1) a free-text field carries a hostile string instead of ordinary text. */
  readonly hostility?: number;
  /**
   * Values travel in a URL (path parameters, query): long strings stay ASCII and under a few kilobytes, so that the
   * request line stays within what an HTTP server reads (Node answers 431 beyond 16 KB, before any route).
   */
  readonly inUrl?: boolean;
}

/** Fields whose validity is a refinement the walker cannot read (check digits, exact decimals …). */
const DEFAULT_HINTS: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  idNumber: fc.constantFrom(...TEST_ID_NUMBERS),
  email: fc.constantFrom('office@example.test', 'a.b+c@example.test'),
  areaM2: fc.oneof(
    fc.constantFrom('25.50', '0', '120'),
    fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
  ),
};

interface Pair {
  readonly valid: fc.Arbitrary<unknown>;
  readonly invalid: fc.Arbitrary<unknown>;
}

/** Wrong JSON types for a node that wants `not`. */
const wrongTypes = (not: 'string' | 'number' | 'boolean' | 'object' | 'array' | 'null') =>
  fc.constantFrom<unknown>(
    ...(
      [
        ['string', 'x'],
        ['string', ''],
        ['number', 0],
        ['number', -1],
        ['number', 1e308],
        ['boolean', true],
        ['null', null],
        ['array', []],
        ['array', ['a', 1]],
        ['object', {}],
        ['object', { $gt: '' }],
      ] as const
    )
      .filter(([t]) => t !== not)
      .map(([, v]) => v),
  );

/**
 * Generators for one schema tree. `valid` values pass the node's own checks (refinements aside: a custom check
 * without a known format is best effort); `invalid` values break exactly one thing somewhere in the node.
 */
export class SchemaArbitraries {
  private readonly cache = new Map<z.ZodType, Pair>();
  constructor(private readonly options: GeneratorOptions = {}) {}

  valid(schema: z.ZodType): fc.Arbitrary<unknown> {
    return this.pair(schema).valid;
  }

  invalid(schema: z.ZodType): fc.Arbitrary<unknown> {
    return this.pair(schema).invalid;
  }

  private pair(schema: z.ZodType): Pair {
    let pair = this.cache.get(schema);
    if (!pair) {
      pair = this.build(schema);
      this.cache.set(schema, pair);
    }
    return pair;
  }

  private build(schema: z.ZodType): Pair {
    const def = defOf(schema);
    switch (def.type) {
      case 'string':
        return this.string(schema);
      case 'number':
        return this.number(schema);
      case 'boolean':
        return { valid: fc.boolean(), invalid: fc.constantFrom<unknown>('true', 1, 0, null, 'yes') };
      case 'enum': {
        const values = Object.values(def.entries ?? {});
        return {
          valid: fc.constantFrom(...values),
          invalid: fc.oneof(
            fc.constantFrom(...HOSTILE, ...ILL_FORMED),
            fc.constantFrom(...values).map((v) => `${String(v).toUpperCase()} `),
            wrongTypes('string'),
          ),
        };
      }
      case 'literal': {
        const values = def.values ?? [];
        return {
          valid: fc.constantFrom(...values),
          invalid: fc.oneof(
            fc.constantFrom<unknown>('true', false, 0, null, 'x'),
            fc.constantFrom(...HOSTILE),
          ),
        };
      }
      case 'array':
        return this.array(schema);
      case 'object':
        return this.object(schema);
      case 'record':
        return this.record(schema);
      case 'union': {
        const options = (def.options ?? []).map((o) => this.pair(o));
        return {
          valid: fc.oneof(...options.map((o) => o.valid)),
          invalid: fc.oneof(...options.map((o) => o.invalid)),
        };
      }
      case 'optional':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'readonly':
      case 'catch':
        return this.pair(def.innerType as z.ZodType);
      case 'nullable': {
        const inner = this.pair(def.innerType as z.ZodType);
        return {
          valid: fc.oneof({ weight: 4, arbitrary: inner.valid }, fc.constant(null)),
          invalid: inner.invalid,
        };
      }
      case 'pipe':
        return this.pair(def.in as z.ZodType);
      default:
        // unknown, any, transform, custom …: anything goes in; nothing is known to be refused.
        return { valid: fc.constant('x'), invalid: wrongTypes('string') };
    }
  }

  private string(schema: z.ZodType): Pair {
    const checks = checksOf(schema);
    const meta = metaOf(schema);
    let min = 0;
    let max = 10_000;
    let trim = false;
    let custom = false;
    const patterns: RegExp[] = [];
    for (const c of checks) {
      if (c.check === 'min_length' && c.minimum !== undefined) min = c.minimum;
      else if (c.check === 'max_length' && c.maximum !== undefined) max = c.maximum;
      else if (c.check === 'length_equals' && c.length !== undefined) min = max = c.length;
      else if (c.check === 'overwrite') trim = true;
      else if (c.check === 'custom') custom = true;
      if (c.pattern instanceof RegExp) patterns.push(c.pattern);
    }
    const fits = (s: string) => {
      const t = trim ? s.trim() : s;
      return t.length >= min && t.length <= max && patterns.every((p) => p.test(t));
    };
    let valid: fc.Arbitrary<string>;
    if (meta?.format === 'date') valid = isoDate;
    else if (patterns.length > 0) {
      const first = patterns[0] as RegExp;
      let matching: fc.Arbitrary<string>;
      try {
        matching = fc.stringMatching(first);
      } catch {
        // fast-check cannot generate from this pattern (a flag such as `i`): the schema's example stands in, and
        // must fit, or every valid value would be filtered away for ever.
        const example = typeof meta?.example === 'string' ? meta.example : 'x';
        if (!fits(example)) {
          throw new Error(
            `cannot generate a string matching ${String(first)}: give the schema a fitting .meta({ example })`,
          );
        }
        matching = fc.constant(example);
      }
      valid = matching.filter(fits);
    } else if (custom) {
      valid = fc.constant(typeof meta?.example === 'string' ? meta.example : 'x');
    } else {
      const hostility = this.options.hostility ?? 0.3;
      const ordinary = fc.oneof(
        fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }),
        fc.constantFrom('社工站', '解放路 23 号', '困境儿童照护', '张三', 'ok'),
      );
      const hostile = fc.constantFrom(...HOSTILE);
      const atLimit = fc.constant((this.options.inUrl ? 'x' : '长').repeat(Math.min(max, 3000)));
      valid = fc
        .oneof(
          { weight: Math.round((1 - hostility) * 10), arbitrary: ordinary },
          { weight: Math.round(hostility * 10), arbitrary: hostile },
          { weight: 1, arbitrary: atLimit },
        )
        .filter(fits);
    }
    const invalid = fc.oneof(
      wrongTypes('string'),
      fc.constantFrom(...ILL_FORMED),
      fc.constant((this.options.inUrl ? 'x' : '长').repeat(max + 1)),
      fc.constant('x'.repeat(this.options.inUrl ? max + 1 : Math.max(max + 1, 100_001))),
      ...(min > 0 ? [fc.constant(''), ...(trim ? [fc.constant(' \t\n ')] : [])] : []),
      ...(patterns.length > 0 || custom || meta?.format
        ? [fc.constantFrom(...HOSTILE).filter((s) => !patterns.every((p) => p.test(s)) || custom)]
        : []),
    );
    return { valid, invalid };
  }

  private number(schema: z.ZodType): Pair {
    let min = -1_000_000;
    let max = 1_000_000;
    let int = false;
    for (const c of checksOf(schema)) {
      if (c.check === 'greater_than' && typeof c.value === 'number')
        min = c.inclusive ? c.value : c.value + (int ? 1 : Number.EPSILON);
      else if (c.check === 'less_than' && typeof c.value === 'number')
        max = c.inclusive ? c.value : c.value - (int ? 1 : Number.EPSILON);
      else if (c.check === 'number_format') {
        int = true;
        max = Math.min(max === 1_000_000 ? Number.MAX_SAFE_INTEGER : max, Number.MAX_SAFE_INTEGER);
        min = Math.max(min === -1_000_000 ? Number.MIN_SAFE_INTEGER : min, Number.MIN_SAFE_INTEGER);
      }
    }
    // Decimals are mostly "nice" (hundredths), as scores and areas are; refinements read them exactly.
    const low = Math.ceil(Math.max(min, 0) * 100);
    const high = Math.floor(Math.min(max, 100) * 100);
    const double = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    const valid = int
      ? intBetween(Math.ceil(min), Math.floor(max))
      : low <= high
        ? fc.oneof(
            intBetween(low, high).map((n) => n / 100),
            double,
          )
        : double;
    const invalid = fc.oneof(
      wrongTypes('number'),
      fc.constantFrom<unknown>('1', '', '0x10', '1e3'),
      ...(min > Number.MIN_SAFE_INTEGER ? [fc.constant(min - 1)] : []),
      ...(max < Number.MAX_SAFE_INTEGER ? [fc.constant(max + 1)] : []),
      ...(int ? [fc.constant(Math.max(min, 0) + 0.5), fc.constant(2 ** 53 + 2)] : []),
      fc.constantFrom(1e308, -1e308),
    );
    return { valid, invalid };
  }

  private array(schema: z.ZodType): Pair {
    const def = defOf(schema);
    const element = this.pair(def.element as z.ZodType);
    let min = 0;
    let max = 1000;
    for (const c of checksOf(schema)) {
      if (c.check === 'min_length' && c.minimum !== undefined) min = c.minimum;
      if (c.check === 'max_length' && c.maximum !== undefined) max = c.maximum;
    }
    const valid = fc.array(element.valid, { minLength: min, maxLength: Math.max(min, Math.min(max, 3)) });
    const invalid = fc.oneof(
      wrongTypes('array'),
      fc.tuple(valid, element.invalid, fc.nat()).map(([items, bad, at]) => {
        const copy = [...items];
        copy.splice(items.length === 0 ? 0 : at % (items.length + 1), items.length === 0 ? 0 : 1, bad);
        return copy;
      }),
      ...(max <= 10_000 ? [element.valid.map((item) => Array.from({ length: max + 1 }, () => item))] : []),
      ...(min > 0 ? [fc.constant([])] : []),
    );
    return { valid, invalid };
  }

  private object(schema: z.ZodType): Pair {
    const shape = shapeOf(schema) ?? {};
    const hints = { ...DEFAULT_HINTS, ...this.options.hints };
    const props = Object.entries(shape).map(([key, s]) => ({
      key,
      optional: isOptional(s),
      ...this.pair(s),
      hinted: hints[key],
    }));
    const validProp = (p: (typeof props)[number]) => {
      const value = p.hinted ?? p.valid;
      return p.optional ? fc.oneof(fc.constant<unknown>(OMIT), value) : value;
    };
    const valid = fc
      .tuple(...props.map(validProp))
      .map((values) => objectOf(props.map((p, i) => [p.key, values[i]] as const)));
    const extraKeys = FORBIDDEN_FIELDS.filter((k) => !(k in shape));
    const alternatives: fc.Arbitrary<unknown>[] = [wrongTypes('object')];
    if (extraKeys.length > 0) {
      alternatives.push(
        fc
          .tuple(valid, fc.constantFrom(...extraKeys), fc.oneof(fc.constantFrom(...HOSTILE), fc.integer()))
          .map(([base, key, value]) => objectOf([...Object.entries(base as object), [key, value]])),
      );
    }
    const required = props.filter((p) => !p.optional);
    if (required.length > 0) {
      alternatives.push(
        fc
          .tuple(valid, fc.constantFrom(...required.map((p) => p.key)))
          .map(([base, key]) => objectOf(Object.entries(base as object).filter(([k]) => k !== key))),
      );
    }
    if (props.length > 0) {
      alternatives.push(
        fc.tuple(valid, fc.nat({ max: props.length - 1 })).chain(([base, i]) => {
          const p = props[i] as (typeof props)[number];
          return p.invalid.map((bad) =>
            objectOf([...Object.entries(base as object).filter(([k]) => k !== p.key), [p.key, bad]]),
          );
        }),
      );
    }
    return { valid, invalid: fc.oneof(...alternatives) };
  }

  private record(schema: z.ZodType): Pair {
    const def = defOf(schema);
    const key = this.pair(def.keyType as z.ZodType);
    const value = this.pair(def.valueType as z.ZodType);
    const validKey = key.valid.filter((k): k is string => typeof k === 'string');
    const valid = fc
      .array(fc.tuple(validKey, value.valid), { maxLength: 3 })
      .map((entries) => objectOf(entries as [string, unknown][]));
    const invalid = fc.oneof(
      wrongTypes('object'),
      fc
        .tuple(valid, fc.constantFrom(...HOSTILE, ...ILL_FORMED), value.valid)
        .map(([base, k, v]) => objectOf([...Object.entries(base as object), [k, v]])),
      fc
        .tuple(valid, validKey, value.invalid)
        .map(([base, k, v]) => objectOf([...Object.entries(base as object), [k, v]])),
    );
    return { valid, invalid };
  }
}

// Transport: what the handler receives ---------------------------------------------------------------------

/** Query and path values travel as strings. */
export const asStrings = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
    ]),
  );

/** Percent-encodes a path segment; a lone surrogate becomes its three (invalid UTF-8) bytes, as a raw client sends. */
export function encodeSegment(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(ch).replace(/\./g, '%2E');
  }
  return out;
}

/** The path parameter the handler receives for an encoded segment (the local gateway's decoding). */
export function receivedSegment(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** A path segment a URL keeps as it is: not empty, not `.` or `..` (which URL parsing resolves). */
export const routableSegment = (value: string): boolean => value.length > 0 && !/^\.{1,2}$/.test(value);

export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeSegment(params[name] ?? ''));
}

/** Query string of a parameter map; the received map (repeated names joined by commas, as the gateway does). */
export function encodeQuery(query: Record<string, string>): string {
  const qs = new URLSearchParams(Object.entries(query)).toString();
  return qs ? `?${qs}` : '';
}
export function receivedQuery(search: string): Record<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(search))
    params.set(k, params.has(k) ? `${params.get(k)},${v}` : v);
  return Object.fromEntries(params);
}

const LONE_SURROGATE = /\p{Cs}/u;
/** Whether any string (value or key) in the input is not well-formed Unicode. */
export function hasIllFormedText(input: unknown): boolean {
  const stack: unknown[] = [input];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return true;
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (LONE_SURROGATE.test(k)) return true;
        stack.push(v);
      }
    }
  }
  return false;
}

/** The oracle: whether the handler's validation accepts this received input for this schema. */
export const accepts = (schema: z.ZodType | undefined, received: unknown): boolean =>
  schema === undefined || (!hasIllFormedText(received) && schema.safeParse(received).success);

// Problem details --------------------------------------------------------------------------------------------

let declared: Set<string> | undefined;
/**
 * Every problem code declared in the product's source (SCREAMING_SNAKE string literals of shared/ and functions/):
 * a response's `code` must be one of them, never made up at run time. `INTERNAL` is left out: no request may cause it.
 */
export function declaredProblemCodes(root = process.cwd()): Set<string> {
  if (declared) return declared;
  const codes = new Set<string>();
  for (const dir of ['shared', 'functions']) {
    for (const file of readdirSync(join(root, dir), { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(join(root, dir, file), 'utf8');
      for (const m of text.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)) codes.add(m[1] as string);
    }
  }
  codes.delete('INTERNAL');
  declared = codes;
  return codes;
}

const CJK = /[\u4e00-\u9fff]/;

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of every route's shape.
  readonly body: any;
}

/** What is wrong with an error reply as problem+json (empty when it is a proper problem). */
export function problemFaults(reply: Reply): string[] {
  const faults: string[] = [];
  const b = reply.body;
  if (!reply.contentType.startsWith('application/problem+json'))
    faults.push(`content-type ${reply.contentType}`);
  if (b === null || typeof b !== 'object') return [...faults, `body ${reply.text.slice(0, 200)}`];
  if (b.status !== reply.status) faults.push(`status ${b.status} ≠ ${reply.status}`);
  if (typeof b.code !== 'string' || !declaredProblemCodes().has(b.code)) faults.push(`code ${b.code}`);
  else if (b.type !== `urn:sgz:problem:${b.code.toLowerCase().replaceAll('_', '-')}`)
    faults.push(`type ${b.type}`);
  if (typeof b.title !== 'string' || !CJK.test(b.title)) faults.push(`title ${b.title}`);
  if (b.errors !== undefined) {
    const ok =
      Array.isArray(b.errors) &&
      b.errors.every(
        (e: { path?: unknown; message?: unknown }) =>
          typeof e.path === 'string' && typeof e.message === 'string',
      );
    if (!ok) faults.push('errors malformed');
  }
  return faults;
}

/**
 * API Gateway's own answers (no integration ran): `{"message": …}`, as the HTTP API sends them on AWS. A request no
 * route takes is the `$default` route's problem (404/405), not one of these.
 */
export const GATEWAY_REPLIES: Record<number, string> = {
  401: 'Unauthorized',
  413: 'Request Entity Too Large',
};
export const isGatewayReply = (reply: Reply): boolean =>
  GATEWAY_REPLIES[reply.status] !== undefined &&
  reply.body?.message === GATEWAY_REPLIES[reply.status] &&
  Object.keys(reply.body).length === 1;

/** Tallies of what a run sent and got back. */
export class Tally {
  tried = 0;
  readonly byStatus = new Map<number, number>();
  readonly byCode = new Map<string, number>();
  readonly routes = new Set<string>();
  record(route: string, reply: Reply): void {
    this.tried += 1;
    this.routes.add(route);
    this.byStatus.set(reply.status, (this.byStatus.get(reply.status) ?? 0) + 1);
    const code =
      typeof reply.body?.code === 'string' ? reply.body.code : isGatewayReply(reply) ? 'gateway' : '-';
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
  }
  summary(): string {
    const sorted = <K>(m: Map<K, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
    return `${this.tried} inputs over ${this.routes.size} routes; by status {${sorted(this.byStatus)}}; by code {${sorted(this.byCode)}}`;
  }
}

// Clients and users --------------------------------------------------------------------------------------------

/**
 * Users beyond the demo users, so that each of the two scopes has every role (tokens signed by the local identity
 * as /local/token signs them): the finance bureau, auditor, third party and department of 市中区, and a second
 * street office of 历下区 (another street of the same district).
 */
export const EXTRA_USERS: readonly DemoUser[] = [
  { username: 'shizhong.cz', role: 'district_finance', district: '370103', description: '市中区财政局' },
  { username: 'audit.shizhong', role: 'auditor', district: '370103', description: '市中区审计' },
  { username: 'tp.b', role: 'third_party', org: 'org-tp-b', description: '第三方评估机构 B' },
  { username: 'dept.b', role: 'department', org: 'org-dept-b', description: '市直部门 B' },
  {
    username: 'quancheng.jd',
    role: 'street_office',
    district: '370102',
    street: '370102004',
    description: '历下区泉城路街道办事处',
  },
];
export const ALL_USERS: readonly DemoUser[] = [...DEMO_USERS, ...EXTRA_USERS];
export interface SendOptions {
  readonly as?: string;
  /** A bearer token as is (overrides `as`). */
  readonly token?: string;
  /** A JSON body (sent with content-type application/json unless headers say otherwise). */
  readonly body?: unknown;
  /** A body sent byte for byte. */
  readonly raw?: string | Uint8Array;
  readonly headers?: Record<string, string>;
}
export type Client = ((method: string, path: string, options?: SendOptions) => Promise<Reply>) & {
  tokenOf(username: string): Promise<string>;
};

/** An HTTP client of the local runtime: demo users' tokens from POST /local/token, the extra users' signed locally. */
export function httpClient(baseUrl: string, identity: LocalIdentity): Client {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (username: string): Promise<string> => {
    let token = tokens.get(username);
    if (!token) {
      const extra = EXTRA_USERS.find((u) => u.username === username);
      token = extra
        ? identity.issue(extra)
        : fetch(`${baseUrl}/local/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username }),
          }).then(async (res) => {
            if (res.status !== 200) throw new Error(`no token for ${username}: ${res.status}`);
            return ((await res.json()) as { token: string }).token;
          });
      tokens.set(username, token);
    }
    return token;
  };
  const send = async (method: string, path: string, options: SendOptions = {}): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token ?? (options.as ? await tokenOf(options.as) : undefined);
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array | undefined = options.raw;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    let parsed: unknown = text;
    if (contentType.includes('json') && text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, contentType, headers: res.headers, text, body: parsed };
  };
  return Object.assign(send, { tokenOf });
}

/** A user holding one of the route's roles, preferring the given scope's users. */
export function userFor(route: RouteDefinition, scope: ScopeSpec = SCOPE_A): string | undefined {
  if (route.access === 'public') return undefined;
  for (const role of route.access) {
    const username = scope.users[role];
    if (username) return username;
  }
  return undefined;
}

// The state -------------------------------------------------------------------------------------------------

/** A fingerprint of everything stored: item count and a hash of every item of both tables. */
export async function stateFingerprint(): Promise<{ items: number; hash: string }> {
  const hash = createHash('sha256');
  let items = 0;
  for (const id of Object.keys(tables) as TableId[]) {
    const rows: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await documentClient().send(
        new ScanCommand({ TableName: tableName(id), ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const item of out.Items ?? []) rows.push(JSON.stringify(item, Object.keys(item).sort()));
      start = out.LastEvaluatedKey;
    } while (start);
    rows.sort();
    items += rows.length;
    for (const row of rows) hash.update(row);
  }
  return { items, hash: hash.digest('hex') };
}

// Scopes and their real records --------------------------------------------------------------------------------

export interface ScopeSpec {
  readonly key: string;
  readonly name: string;
  readonly district: string;
  readonly street: string;
  readonly operatorOrg: string;
  readonly evaluatorOrg: string;
  /** The scope's user for each role (city roles are everyone's). */
  readonly users: Partial<Record<DemoUser['role'], string>>;
}

export const SCOPE_A: ScopeSpec = {
  key: 'A',
  name: '历下区解放路街道',
  district: '370102',
  street: '370102001',
  operatorOrg: 'org-op-a',
  evaluatorOrg: 'org-tp-a',
  users: {
    city_civil_affairs: 'city.mz',
    city_finance: 'city.cz',
    district_civil_affairs: 'lixia.mz',
    district_finance: 'lixia.cz',
    street_office: 'jiefanglu.jd',
    operator: 'op.a',
    third_party: 'tp.a',
    department: 'dept.a',
    auditor: 'audit.lixia',
  },
};
export const SCOPE_B: ScopeSpec = {
  key: 'B',
  name: '市中区大观园街道',
  district: '370103',
  street: '370103002',
  operatorOrg: 'org-op-b',
  evaluatorOrg: 'org-tp-b',
  users: {
    city_civil_affairs: 'city.mz',
    city_finance: 'city.cz',
    district_civil_affairs: 'shizhong.mz',
    district_finance: 'shizhong.cz',
    street_office: 'daguanyuan.jd',
    operator: 'op.b',
    third_party: 'tp.b',
    department: 'dept.b',
    auditor: 'audit.shizhong',
  },
};

/** The users of no city role who are outside a scope: other district, other street, other organisations. */
export function outsiders(scope: ScopeSpec): DemoUser[] {
  const own = new Set(Object.values(scope.users));
  return ALL_USERS.filter(
    (u) => u.role !== 'city_civil_affairs' && u.role !== 'city_finance' && !own.has(u.username),
  );
}

/** The real records of one scope that the routes' path parameters point at. */
export interface ScopeRecords {
  readonly spec: ScopeSpec;
  /** A random mark written into the scope's free text, so that a leak is recognisable anywhere in a reply. */
  readonly mark: string;
  stationId: string;
  draftContractId: string;
  contractId: string;
  contractNumber: string;
  workerId: string;
  /** A service recipient of the station (issue 19), registered by the scope's operator. */
  recipientId: string;
  /** A service record of the station (issue 19 item 2): a phone visit to the recipient by the worker. */
  serviceRecordId: string;
  /** A case (个案) of the station opened for the recipient. */
  caseId: string;
  /** A volunteer of the station (phone sealed). */
  volunteerId: string;
  slotId: string;
  uploadId: string;
  openSlotId: string;
  evaluationId: string;
  noticeId: string;
  objectionId: string;
  complaintId: string;
  trackingCode: string;
  statementRequestId: string;
  safetyCheckId: string;
  rectificationId: string;
  applicationId: string;
  recordId: string;
  handoverId: string;
  ledgerEntryId: string;
  voucherKey: string;
  notificationId: string;
  /** A bulk import the district opened. */
  importId: string;
  /** Every value that identifies the scope's records (ids, numbers, codes, marked text). */
  readonly secrets: Set<string>;
}

export const EVALUATION_REPORT_LINES = [
  '第三方评估报告',
  '评估概况',
  '评估方法',
  '评估结果',
  '存在问题',
  '改进建议',
];
export const MONTHLY_BRIEF_LINES = [
  '2026年1月工作简报',
  '本月服务开展情况',
  '开展个案服务 12 个',
  '服务成效',
  '困境儿童照护改善',
  '存在问题',
  '志愿者不足',
  '下月工作计划',
  '开展小组活动',
];

interface RecordsDeps {
  readonly api: Client;
  /** Waits until the storage trigger has handled every upload. */
  readonly drain: () => Promise<void>;
  readonly makePdf: (lines: readonly string[]) => Promise<Uint8Array>;
  /** The evaluation template's indicators at full marks. */
  readonly fullMarks: Record<string, number>;
}

/**
 * Creates, through the API as each party would, one of everything a path can name in `spec`'s scope: a station, a
 * draft and an active contract (a worker, the signed needs survey and task book of year 1, a submitted monthly
 * brief), an evaluation taken to publicity with an objection, a complaint with a statement asked of the operator, a
 * failed safety check and its rectification, a platform application, a service record, an exit handover, a ledger
 * entry with its voucher and the district's notifications.
 */
export async function createScopeRecords(deps: RecordsDeps, spec: ScopeSpec): Promise<ScopeRecords> {
  const { api } = deps;
  const u = spec.users;
  const mark = `MARK${spec.key}${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const ok = async (what: string, p: Promise<Reply>, status?: number) => {
    const reply = await p;
    if (reply.status >= 300 || (status !== undefined && reply.status !== status))
      throw new Error(`${spec.key} ${what}: ${reply.status} ${reply.text.slice(0, 400)}`);
    return reply.body;
  };
  const r = { spec, mark, secrets: new Set<string>() } as ScopeRecords;
  r.stationId = (
    await ok(
      'station',
      api('POST', '/stations', {
        as: u.district_civil_affairs,
        body: { districtCode: spec.district, streetCode: spec.street, address: `${mark} 站址` },
      }),
    )
  ).id;
  const contract = (suffix: string) =>
    ok(
      `contract ${suffix}`,
      api('POST', '/contracts', {
        as: u.district_civil_affairs,
        body: {
          stationId: r.stationId,
          number: `${mark}-${suffix}`,
          operator: { orgId: spec.operatorOrg, name: `${mark} 承接方`, kind: 'social_organization' },
          servicePeriod: { start: '2026-01-01', end: '2027-12-31' },
          amountFen: 60_000_000,
          breakdown: {
            labourFen: 45_000_000,
            qualityAssuranceFen: 10_000_000,
            operatorManagementFen: 5_000_000,
          },
          staffing: { total: 4, minimumByLevel: { intermediate: 1, assistant: 2 } },
          paymentSchedule: [
            { seq: 1, plannedOn: '2026-01-15', amountFen: 30_000_000, precondition: 'contract_signed' },
            {
              seq: 2,
              plannedOn: '2026-07-15',
              amountFen: 30_000_000,
              precondition: 'midterm_report_accepted',
            },
          ],
        },
      }),
    );
  r.draftContractId = (await contract('DRAFT')).id;
  r.contractNumber = `${mark}-ACTIVE`;
  r.contractId = (await contract('ACTIVE')).id;
  await ok(
    'activate',
    api('POST', `/contracts/${r.contractId}/status`, {
      as: u.district_civil_affairs,
      body: { version: 1, to: 'active' },
    }),
  );
  r.workerId = (
    await ok(
      'worker',
      api('POST', `/contracts/${r.contractId}/workers`, {
        as: u.operator,
        body: {
          name: `${mark}社工`,
          qualification: 'assistant',
          idNumber: spec.key === 'A' ? TEST_ID_NUMBERS[0] : TEST_ID_NUMBERS[1],
          phone: spec.key === 'A' ? '13812345678' : '13987654321',
          startOn: '2026-01-01',
        },
      }),
    )
  ).id;
  r.recipientId = (
    await ok(
      'recipient',
      api('POST', `/stations/${r.stationId}/recipients`, {
        as: u.operator,
        body: {
          name: '赵某某',
          category: 'disabled',
          idNumber: spec.key === 'A' ? TEST_ID_NUMBERS[0] : TEST_ID_NUMBERS[1],
          phone: spec.key === 'A' ? '13812345678' : '13987654321',
          address: `${mark} 住址`,
          consent: {
            givenOn: '2026-01-05',
            scope: `${mark} 建档`,
            givenBy: 'self',
            sensitiveDataConsent: true,
          },
        },
      }),
    )
  ).id;
  r.serviceRecordId = (
    await ok(
      'service record',
      api('POST', `/stations/${r.stationId}/service-records`, {
        as: u.operator,
        body: {
          kind: 'visit-phone',
          date: '2026-06-15',
          title: `${mark} 电访`,
          workerIds: [r.workerId],
          recipientIds: [r.recipientId],
          minutes: 20,
        },
      }),
    )
  ).id;
  r.caseId = (
    await ok(
      'case',
      api('POST', `/stations/${r.stationId}/cases`, {
        as: u.operator,
        body: {
          recipientId: r.recipientId,
          workerId: r.workerId,
          presentingProblem: `${mark} 求助问题`,
          openedOn: '2026-06-15',
        },
      }),
    )
  ).id;
  r.volunteerId = (
    await ok(
      'volunteer',
      api('POST', `/stations/${r.stationId}/volunteers`, {
        as: u.operator,
        body: { name: `${mark}志愿者`, registeredOn: '2026-06-01' },
      }),
    )
  ).id;
  const cosign = async (kind: 'needs-survey' | 'task-book', content: object) => {
    const path = `/contracts/${r.contractId}/service-years/1/${kind}`;
    const drafted = await ok(kind, api('PUT', path, { as: u.operator, body: content }));
    const first = await ok(
      `${kind} confirmation`,
      api('POST', `${path}/confirmations`, { as: u.operator, body: { version: drafted.version } }),
    );
    await ok(
      `${kind} co-signature`,
      api('POST', `${path}/confirmations`, { as: u.street_office, body: { version: first.version } }),
    );
  };
  await cosign('needs-survey', {
    conductedOn: '2026-01-10',
    methods: `${mark} 入户走访`,
    findings: '照护需求集中',
  });
  await cosign('task-book', {
    items: [{ id: 'T1', category: 'child_welfare', title: `${mark} 个案服务`, target: 20, unit: '个案' }],
  });
  // A validated monthly brief (notifies the district and the street office).
  r.slotId = `${r.contractId}-M202601`;
  r.openSlotId = `${r.contractId}-M202602`;
  const upload = async (as: string, slotId: string, bytes: Uint8Array) => {
    const ticket = await ok(
      `upload-url ${slotId}`,
      api('POST', `/reports/${slotId}/upload-url`, {
        as,
        body: { contentType: 'application/pdf', bytes: bytes.byteLength, fileName: `${mark}.pdf` },
      }),
    );
    const put = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    await deps.drain();
    return ticket.uploadId as string;
  };
  r.uploadId = await upload(u.operator as string, r.slotId, await deps.makePdf(MONTHLY_BRIEF_LINES));
  // An evaluation of year 1, scored by the three parties, confirmed and published; an objection to the notice.
  const evaluation = await ok(
    'commission',
    api('POST', `/contracts/${r.contractId}/evaluations`, {
      as: u.district_civil_affairs,
      body: {
        serviceYear: 1,
        evaluator: { orgId: spec.evaluatorOrg, name: `${mark} 评估机构` },
        planned: { start: '2026-12-01', end: '2026-12-20' },
      },
    }),
  );
  r.evaluationId = evaluation.id;
  const evaluationVersion = async () =>
    (await ok('evaluation', api('GET', `/evaluations/${r.evaluationId}`, { as: 'city.mz' })))
      .version as number;
  for (const [as, body] of [
    [u.third_party, { indicators: deps.fullMarks }],
    [u.district_civil_affairs, { score: 90 }],
    [u.street_office, { score: 95 }],
  ] as const) {
    await ok(
      `scores ${as}`,
      api('PUT', `/evaluations/${r.evaluationId}/scores`, {
        as,
        body: { version: await evaluationVersion(), ...body },
      }),
    );
  }
  await upload(
    u.third_party as string,
    `EVAL-${r.evaluationId}`,
    await deps.makePdf(EVALUATION_REPORT_LINES),
  );
  await ok(
    'confirm evaluation',
    api('POST', `/evaluations/${r.evaluationId}/confirmation`, {
      as: u.district_civil_affairs,
      body: { version: await evaluationVersion() },
    }),
  );
  r.noticeId = (
    await ok(
      'publish',
      api('POST', `/evaluations/${r.evaluationId}/publicity`, {
        as: u.district_civil_affairs,
        body: { version: await evaluationVersion() },
      }),
    )
  ).id;
  r.objectionId = (
    await ok(
      'objection',
      api('POST', `/public/publicity/${r.noticeId}/objections`, {
        body: { content: `${mark} 评分偏高`, contact: `${mark}@example.test` },
      }),
    )
  ).id;
  // A complaint, acknowledged, with a statement asked of the operator.
  const receipt = await ok(
    'complaint',
    api('POST', '/public/complaints', {
      body: {
        stationId: r.stationId,
        content: `${mark} 活动室长期不开放`,
        name: `${mark}投诉人`,
        contact: '13700000000',
      },
    }),
  );
  r.trackingCode = receipt.trackingCode;
  const complaints = await ok(
    'complaints',
    api('GET', `/complaints?district=${spec.district}`, { as: u.district_civil_affairs }),
  );
  r.complaintId = (complaints.items as { id: string; content: string }[]).find((c) =>
    c.content.includes(mark),
  )?.id as string;
  await ok(
    'acknowledge',
    api('POST', `/complaints/${r.complaintId}/acknowledgement`, {
      as: u.district_civil_affairs,
      body: { version: 1 },
    }),
  );
  r.statementRequestId = (
    await ok(
      'statement request',
      api('POST', `/complaints/${r.complaintId}/statement-requests`, {
        as: u.district_civil_affairs,
        body: { version: 2, from: 'operator', question: `${mark} 请说明开放安排` },
      }),
    )
  ).statements[0].id;
  // A failed safety check and the rectification raised from it.
  r.safetyCheckId = (
    await ok(
      'safety check',
      api('POST', `/stations/${r.stationId}/safety-checks`, {
        as: u.street_office,
        body: {
          checkedOn: '2026-11-02',
          items: [{ item: '消防器材', ok: false, note: `${mark} 灭火器过期` }],
        },
      }),
    )
  ).id;
  r.rectificationId = (
    await ok(
      'rectification',
      api('POST', '/rectifications', {
        as: u.street_office,
        body: {
          source: { type: 'safety_check', id: r.safetyCheckId },
          stationId: r.stationId,
          requirement: `${mark} 更换过期灭火器`,
        },
      }),
    )
  ).id;
  r.applicationId = (
    await ok(
      'platform application',
      api('POST', '/platform-applications', {
        as: u.street_office,
        body: {
          applicantName: `${mark} 申请单位`,
          stationId: r.stationId,
          reason: '社区心理健康服务',
          project: `${mark} 心理健康进社区`,
          serviceNeeds: '每月两次团体辅导',
          funding: { source: '部门预算', amountFen: 5_000_000 },
          staffing: { count: 2, description: '心理咨询师 2 名', excludesStationStaff: true },
        },
      }),
    )
  ).id;
  r.recordId = (
    await ok(
      'service record',
      api('POST', `/contracts/${r.contractId}/service-records`, {
        as: u.operator,
        body: { kind: 'group', title: `${mark} 小组活动记录`, contentType: 'application/pdf', bytes: 100 },
      }),
    )
  ).record.id;
  // A ledger entry with its voucher.
  const voucher = await deps.makePdf(['工资发放表', `${mark}`]);
  const ticket = await ok(
    'voucher-url',
    api('POST', `/contracts/${r.contractId}/ledger/voucher-url`, {
      as: u.operator,
      body: { contentType: 'application/pdf', bytes: voucher.byteLength },
    }),
  );
  await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: voucher });
  r.voucherKey = ticket.key;
  const entry = await ok(
    'ledger entry',
    api('POST', `/contracts/${r.contractId}/ledger`, {
      as: u.operator,
      body: {
        spentOn: '2026-02-01',
        amountFen: 5_000_000,
        category: 'labour',
        description: `${mark} 2 月人员工资`,
        voucherKey: ticket.key,
      },
    }),
  );
  r.ledgerEntryId = entry.id ?? entry.entry?.id;
  r.handoverId = (
    await ok(
      'handover',
      api('POST', `/contracts/${r.contractId}/handover`, {
        as: u.district_civil_affairs,
        body: { exitOn: '2026-11-20', reason: `${mark} 合同终止` },
      }),
    )
  ).id;
  const inbox = await ok('inbox', api('GET', '/notifications?limit=1', { as: u.district_civil_affairs }));
  r.notificationId = inbox.items[0].id;
  r.importId = (
    await ok(
      'import',
      api('POST', '/imports', {
        as: u.district_civil_affairs,
        body: { kind: 'stations', mode: 'dry_run', fileName: `${mark}.xlsx`, bytes: 4096 },
      }),
    )
  ).import.id;
  for (const value of [
    mark,
    r.stationId,
    r.draftContractId,
    r.contractId,
    r.workerId,
    r.recipientId,
    r.serviceRecordId,
    r.caseId,
    r.volunteerId,
    r.slotId,
    r.uploadId,
    r.openSlotId,
    r.evaluationId,
    r.noticeId,
    r.objectionId,
    r.complaintId,
    r.trackingCode,
    r.statementRequestId,
    r.safetyCheckId,
    r.rectificationId,
    r.applicationId,
    r.recordId,
    r.handoverId,
    r.ledgerEntryId,
    r.voucherKey,
    r.notificationId,
    r.importId,
    spec.key === 'A' ? TEST_ID_NUMBERS[0] : TEST_ID_NUMBERS[1],
    spec.key === 'A' ? '13812345678' : '13987654321',
  ]) {
    if (typeof value === 'string' && value.length > 0) r.secrets.add(value);
  }
  return r;
}

/**
 * The real value for a path parameter of `route` in scope `r`: the record the path names (the station of
 * `/stations/{id}`, the active contract of `/contracts/{id}/…` except the draft for PATCH, the worker, the slot …).
 * Undefined when the scope has no such record (the parameter is then generated from its schema).
 */
export function realParam(route: RouteDefinition, name: string, r: ScopeRecords): string | undefined {
  const head = route.path.split('/')[1] ?? '';
  const sub = route.path.split('/')[2] ?? '';
  switch (name) {
    case 'workerId':
      return r.workerId;
    case 'uploadId':
      return r.uploadId;
    case 'recordId':
      return r.recordId;
    case 'entryId':
      return r.ledgerEntryId;
    case 'taskId':
      return 'T1';
    case 'kind':
      return 'case';
    case 'code':
      return head === 'budgets' ? r.spec.district : r.trackingCode;
    case 'year':
      return head === 'calendar' ? '2031' : head === 'contracts' ? '1' : '2026';
    case 'id':
      break;
    default:
      return undefined;
  }
  if (head === 'public') return sub === 'publicity' ? r.noticeId : undefined;
  const byHead: Record<string, string | undefined> = {
    stations: r.stationId,
    contracts:
      route.method === 'PATCH' && route.path === '/contracts/{id}' ? r.draftContractId : r.contractId,
    reports: r.slotId,
    evaluations: r.evaluationId,
    objections: r.objectionId,
    complaints: r.complaintId,
    handovers: r.handoverId,
    rectifications: r.rectificationId,
    recipients: r.recipientId,
    'service-records': r.serviceRecordId,
    cases: r.caseId,
    'platform-applications': r.applicationId,
    notifications: r.notificationId,
    imports: r.importId,
  };
  return byHead[head];
}

/** The GET route that reads the record a path names, for its current `version` (undefined when there is none). */
export function versionSource(
  path: string,
): { path: string; pick: (body: Reply['body']) => unknown } | undefined {
  const rules: [RegExp, (m: RegExpMatchArray) => { path: string; pick: (b: Reply['body']) => unknown }][] = [
    [
      /^(\/contracts\/[^/]+\/service-years\/[^/]+\/(?:needs-survey|task-book))/,
      (m) => ({ path: m[1] as string, pick: (b) => b.version }),
    ],
    [
      /^(\/contracts\/[^/]+)\/workers\/([^/]+)/,
      (m) => ({
        path: `${m[1]}/workers`,
        pick: (b) =>
          (b.items as { id: string; version: number }[] | undefined)?.find((w) => w.id === m[2])?.version,
      }),
    ],
    [/^(\/reports\/[^/]+)/, (m) => ({ path: m[1] as string, pick: (b) => b.slot?.version })],
    [
      /^(\/(?:stations|contracts|evaluations|complaints|handovers|rectifications|platform-applications|service-records|cases)\/[^/]+)/,
      (m) => ({ path: m[1] as string, pick: (b) => b.version }),
    ],
  ];
  for (const [pattern, source] of rules) {
    const m = path.match(pattern);
    if (m) return source(m);
  }
  return undefined;
}

// Inputs of a route ---------------------------------------------------------------------------------------------

/** A request's parts as generated: path parameters and query as strings, the body as a JSON value. */
export interface Input {
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body?: unknown;
}
type Part = 'params' | 'query' | 'body';

/** The URL of an input, and what the handler receives of it (decoded params and query, the parsed body). */
export function receivedInput(route: RouteDefinition, input: Input) {
  const path = fillPath(route.path, input.params);
  const search = encodeQuery(input.query);
  const encoded = [...path.matchAll(/[^/]+/g)].map((m) => m[0]);
  const template = route.path.split('/').filter(Boolean);
  const params = Object.fromEntries(
    template.flatMap((seg, i) => {
      const name = /^\{(\w+)\}$/.exec(seg)?.[1];
      return name ? [[name, receivedSegment(encoded[i] ?? '')]] : [];
    }),
  );
  return {
    url: `${path}${search}`,
    params,
    query: receivedQuery(search),
    body: input.body === undefined ? undefined : JSON.parse(JSON.stringify(input.body) ?? 'null'),
  };
}

/** Every path parameter of the route is present and keeps its segment (URL parsing drops `.`, `..`, ''). */
export const routable = (route: RouteDefinition, params: Record<string, string>): boolean =>
  (route.path.match(/\{(\w+)\}/g) ?? []).every((m) => routableSegment(params[m.slice(1, -1)] ?? ''));

/**
 * Inputs the route's schemas refuse: a valid-looking request with one part (params, query or body) broken, kept
 * only when the oracle says the handler's validation refuses what it receives. Undefined for a route without any
 * request schema.
 */
export function brokenInput(
  route: RouteDefinition,
  gen: SchemaArbitraries,
  urlGen: SchemaArbitraries,
): fc.Arbitrary<Input> | undefined {
  const req = route.request ?? {};
  const parts = (['params', 'query', 'body'] as Part[]).filter((p) => req[p] !== undefined);
  if (parts.length === 0) return undefined;
  const part = (p: Part, broken: boolean): fc.Arbitrary<unknown> => {
    const schema = req[p];
    if (!schema) return fc.constant(p === 'body' ? undefined : {});
    const g = p === 'body' ? gen : urlGen;
    return broken ? g.invalid(schema) : g.valid(schema);
  };
  return fc
    .constantFrom(...parts)
    .chain((broken) =>
      fc.record({
        params: part('params', broken === 'params').map(asStrings),
        query: part('query', broken === 'query').map(asStrings),
        body: part('body', broken === 'body'),
      }),
    )
    .filter((input) => {
      if (!routable(route, input.params)) return false;
      const r = receivedInput(route, input);
      return !(accepts(req.params, r.params) && accepts(req.query, r.query) && accepts(req.body, r.body));
    });
}

/** A version no record reaches: a write carrying it must be refused (409) and change nothing. */
export const STALE_VERSION = 2_000_000_000;

/**
 * Well-formed input full of hostile text. A read names the scope's real record; a write with a `version` names the
 * real record with a stale version; a write without one names records that do not exist (generated ids). Every
 * write is therefore to be refused, and every read answered without a 5xx.
 */
export function hostileInput(
  route: RouteDefinition,
  records: ScopeRecords,
  gen: SchemaArbitraries,
  urlGen: SchemaArbitraries,
): fc.Arbitrary<Input> {
  const req = route.request ?? {};
  const stale = req.body !== undefined && 'version' in (shapeOf(req.body) ?? {});
  const real = route.method === 'GET' || stale;
  const params = fc
    .record(
      Object.fromEntries(
        (route.path.match(/\{(\w+)\}/g) ?? []).map((m) => {
          const name = m.slice(1, -1);
          const value = real ? realParam(route, name, records) : undefined;
          const schema = req.params ? shapeOf(req.params)?.[name] : undefined;
          return [
            name,
            value !== undefined ? fc.constant(value) : schema ? urlGen.valid(schema) : fc.constant('x'),
          ];
        }),
      ),
    )
    .map(asStrings);
  return fc
    .record({
      params,
      query: req.query ? urlGen.valid(req.query).map(asStrings) : fc.constant({}),
      body: req.body ? gen.valid(req.body) : fc.constant(undefined),
    })
    .map((input) =>
      stale && input.body !== null && typeof input.body === 'object'
        ? { ...input, body: { ...(input.body as object), version: STALE_VERSION } }
        : input,
    )
    .filter((input) => routable(route, input.params));
}
