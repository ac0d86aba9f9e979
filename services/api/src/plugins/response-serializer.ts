import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { toJSONSchema, type ZodType } from 'zod';

type JsonSchema = Record<string, unknown>;

/** Zod types with no JSON-schema counterpart a serializer could write; a route whose response has one keeps zod's serializer. */
const UNWRITABLE = new Set(['transform', 'custom', 'bigint', 'symbol', 'map', 'set', 'function', 'promise', 'nan', 'void', 'undefined']);

/**
 * The response schema as the JSON schema fast-json-stringify writes from: dates as ISO 8601
 * strings (what JSON.stringify makes of a Date), `nullable` as a type list instead of an
 * `anyOf` (which fast-json-stringify would validate branch by branch at run time).
 * Undefined when a part of it cannot be written from a JSON schema.
 */
export function responseJsonSchema(schema: ZodType): JsonSchema | undefined {
  let writable = true;
  const json = toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
    override: (ctx) => {
      const type = ctx.zodSchema._zod.def.type;
      if (type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
      else if (UNWRITABLE.has(type)) writable = false;
    },
  }) as JsonSchema;
  return writable ? (nullableAsTypeList(json) as JsonSchema) : undefined;
}

function nullableAsTypeList(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsTypeList);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableAsTypeList(v)]));
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (anyOf?.length !== 2) return out;
  const other = anyOf.find((s) => s.type !== 'null');
  if (!anyOf.some((s) => s.type === 'null') || typeof other?.type !== 'string' || other.anyOf !== undefined) return out;
  const { anyOf: _, ...rest } = out;
  return { ...rest, ...other, type: [other.type, 'null'] };
}

/**
 * Responses written by fast-json-stringify from the zod response schemas turned into JSON
 * schema (the same shapes the OpenAPI document shows), instead of fastify-type-provider-zod's
 * serializer, which encodes every response through zod before JSON.stringify (a third of
 * GET /calls' CPU). Like zod's, it writes only the schema's properties and fails on a missing
 * required one; it does not check the values' types (the handlers' TypeScript types do).
 */
export const responseSerializerCompiler: FastifySerializerCompiler<ZodType> = (route) => {
  const json = responseJsonSchema(route.schema);
  if (json === undefined) return zodSerializerCompiler(route);
  return fastJson(json) as (data: unknown) => string;
};
