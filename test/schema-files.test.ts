import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { buildSchema, isInputObjectType, isNonNullType, getNamedType, type GraphQLInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formats } from '../src/validate/formats.js';
import { SIGNAL_TYPES } from '../src/index.js';
import { referenceExamples } from './fixtures/reference-examples.js';

const read = (p: string) => JSON.parse(readFileSync(new URL(`../schema/${p}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const content = read('signal-content.schema.json');
const input = read('signal-input.schema.json');

function compileInput() {
  const ajv = new Ajv({ discriminator: true, allErrors: true, strict: true, strictRequired: false });
  for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn);
  ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  ajv.addSchema(content);
  return ajv.compile(input);
}

describe('the JSON Schemas', () => {
  it('are valid draft-07 schemas that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ discriminator: true, strict: true, strictRequired: false, validateFormats: false });
    expect(ajv.validateSchema(content)).toBe(true);
    expect(ajv.validateSchema(input)).toBe(true);
    expect(() => compileInput()).not.toThrow();
  });

  it.each(Object.entries(referenceExamples))('accept the reference example of %s', (_type, example) => {
    const validate = compileInput();
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('define exactly the 11 documented signal types, one titled member each', () => {
    expect([...SIGNAL_TYPES].sort()).toEqual([
      'addToCart', 'browseAbandonment', 'cartAbandonment', 'error', 'identification', 'onSiteSearch',
      'order', 'pageView', 'productConfiguration', 'productView', 'richMediaInteraction',
    ]);
    expect((content.oneOf as unknown[]).length).toBe(11);
  });
});

describe('the local SDL and the signal-input JSON Schema', () => {
  const sdl = buildSchema(readFileSync(new URL('../schema/connect.graphql', import.meta.url), 'utf8'));
  const signalsArg = sdl.getMutationType()?.getFields().createSignals?.args.find((a) => a.name === 'signals');
  const signalInput = getNamedType(signalsArg!.type) as GraphQLInputObjectType;

  it('declare the same signal input fields, required alike', () => {
    expect(isInputObjectType(signalInput)).toBe(true);
    const fields = Object.values(signalInput.getFields());
    expect(fields.map((f) => f.name).sort()).toEqual(Object.keys(input.properties as object).sort());
    expect(fields.filter((f) => isNonNullType(f.type)).map((f) => f.name).sort()).toEqual([...(input.required as string[])].sort());
  });

  it('declare the same identifiable attributes', () => {
    const attrs = getNamedType(signalInput.getFields().identifiableAttributes!.type) as GraphQLInputObjectType;
    const jsonAttrs = (input.properties as Record<string, { properties: object }>).identifiableAttributes!.properties;
    expect(Object.keys(attrs.getFields()).sort()).toEqual(Object.keys(jsonAttrs).sort());
    expect(attrs.astNode?.directives?.map((d) => d.name.value)).toContain('oneOf');
  });

  it('describe every type and field', () => {
    for (const type of Object.values(sdl.getTypeMap()).filter((t) => !t.name.startsWith('__') && !['String', 'Boolean'].includes(t.name))) {
      expect(type.description, type.name).toBeTruthy();
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) expect(field.description, `${type.name}.${field.name}`).toBeTruthy();
      }
    }
  });
});
