import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responseJsonSchema, responseSerializerCompiler } from './response-serializer.js';

const Schema = z.object({
  id: z.string(),
  at: z.date(),
  endedAt: z.date().nullable(),
  iso: z.iso.datetime(),
  count: z.number().int(),
  ratio: z.number().nullable(),
  state: z.enum(['open', 'closed']),
  note: z.string().optional(),
  flags: z.record(z.string(), z.boolean()).nullable(),
  live: z.object({ status: z.string(), since: z.number() }).catchall(z.unknown()),
  due: z.object({ kind: z.string(), at: z.date() }).nullable(),
  items: z.array(z.object({ n: z.number(), tag: z.string().nullable() })),
  payload: z.unknown(),
  refusal: z.object({ error: z.string() }).loose().optional(),
  either: z.union([z.object({ a: z.number() }), z.object({ b: z.string() })]),
});

const route = (schema: z.ZodType) => ({ schema, method: 'GET', url: '/x', httpStatus: '200' });
const viaFast = responseSerializerCompiler(route(Schema));
const viaZod = zodSerializerCompiler(route(Schema));

const samples: z.input<typeof Schema>[] = [
  {
    id: 'c1',
    at: new Date('2026-11-26T01:02:03.004Z'),
    endedAt: null,
    iso: '2026-11-26T01:02:03.004Z',
    count: 3,
    ratio: null,
    state: 'open',
    flags: null,
    live: { status: 'ready', since: 5, callId: 'x', extra: { deep: [1, 'a'] } },
    due: null,
    items: [],
    payload: { any: ['thing', null, 2] },
    either: { a: 1 },
  },
  {
    id: 'c2 "quoted" \u2028 中文',
    at: new Date('1999-01-01T00:00:00.000Z'),
    endedAt: new Date('2026-01-01T23:59:59.999Z'),
    iso: '2026-11-26T01:02:03Z',
    count: 0,
    ratio: 0.25,
    state: 'closed',
    note: 'n',
    flags: { '15': true, '30': false },
    live: { status: 'on_call', since: 1 },
    due: { kind: 'dispatch', at: new Date(0) },
    items: [{ n: 1, tag: null }, { n: 2.5, tag: 't' }],
    payload: null,
    refusal: { error: 'e', message: 'kept', details: { a: 1 } },
    either: { b: 'x' },
  },
];

describe('responseSerializerCompiler', () => {
  it('writes what zod\'s serializer writes, for every kind of field the routes use', () => {
    for (const sample of samples) expect(JSON.parse(viaFast(sample))).toEqual(JSON.parse(viaZod(sample)));
  });

  it('leaves out properties the schema does not name, as zod does', () => {
    const extra = { ...samples[0]!, secret: 'no', items: [{ n: 1, tag: null, hidden: true }] };
    expect(JSON.parse(viaFast(extra))).toEqual(JSON.parse(viaZod(extra)));
    expect(viaFast(extra)).not.toContain('secret');
  });

  it('fails on a missing required property, as zod does', () => {
    const { id: _, ...missing } = samples[0]!;
    expect(() => viaFast(missing)).toThrow();
  });

  it('turns nullable into a type list, not an anyOf', () => {
    const json = responseJsonSchema(z.object({ at: z.date().nullable() })) as { properties: { at: unknown } };
    expect(json.properties.at).toEqual({ type: ['string', 'null'], format: 'date-time' });
  });

  it('keeps zod\'s serializer for a response schema with a transform', () => {
    expect(responseJsonSchema(z.object({ n: z.string().transform((s) => s.length) }))).toBeUndefined();
  });
});
