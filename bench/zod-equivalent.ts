/**
 * A zod 4 schema equivalent to schema/signal-input.schema.json, built from the
 * same JSON Schema (a benchmark peer only: the project validates with ajv).
 * signalContent is a discriminated union on signalType, unknown fields allowed,
 * with the same formats.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formats } from '../src/validate/formats.js';

type Json = Record<string, unknown>;
const read = (name: string) => JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')) as Json;

function build(node: Json, defs: Json): z.ZodType {
  if (typeof node.$ref === 'string') return build(defs[node.$ref.replace('#/definitions/', '')] as Json, defs);
  if ('const' in node) return z.literal(node.const as string);
  if (Array.isArray(node.enum)) return z.enum(node.enum as [string, ...string[]]);
  const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
  const nullable = types.includes('null');
  let t: z.ZodType;
  switch (types.find((x) => x !== 'null')) {
    case 'string': {
      let s = z.string();
      if (typeof node.maxLength === 'number') s = s.max(node.maxLength);
      if (typeof node.minLength === 'number') s = s.min(node.minLength);
      const format = node.format as string | undefined;
      if (format === 'email') t = z.email();
      else if (format !== undefined) t = s.refine(formats[format as keyof typeof formats]);
      else t = s;
      break;
    }
    case 'integer': t = z.int(); break;
    case 'number': t = z.number(); break;
    case 'boolean': t = z.boolean(); break;
    case 'array': t = z.array(build(node.items as Json, defs)); break;
    case 'object': {
      const required = new Set((node.required as string[] | undefined) ?? []);
      const shape: Record<string, z.ZodType> = {};
      for (const [k, v] of Object.entries((node.properties as Json | undefined) ?? {})) {
        const field = build(v as Json, defs);
        shape[k] = required.has(k) ? field : field.optional();
      }
      const obj = node.additionalProperties === false ? z.strictObject(shape) : z.looseObject(shape);
      t = typeof node.maxProperties === 'number'
        ? obj.refine((o) => Object.keys(o).length >= 1 && Object.keys(o).length <= (node.maxProperties as number))
        : obj;
      break;
    }
    default: throw new Error(`zod-equivalent: unsupported schema node ${JSON.stringify(node).slice(0, 80)}`);
  }
  return nullable ? t.nullable() : t;
}

/** The zod schema of one signal input. */
export function zodSignalInput(): z.ZodType {
  const content = read('signal-content.schema.json');
  const input = read('signal-input.schema.json');
  const defs = content.definitions as Json;
  const members = (content.oneOf as Json[]).map((m) => build(m, defs)) as unknown as [z.ZodObject, ...z.ZodObject[]];
  const props = { ...(input.properties as Json) };
  delete props.signalContent;
  const envelope = build({ ...input, properties: props, required: (input.required as string[]).filter((r) => r !== 'signalContent') }, defs) as z.ZodObject;
  return envelope.extend({ signalContent: z.discriminatedUnion('signalType', members) });
}
