/**
 * An independent check of bench/validate.ts, sharing none of its code: ajv
 * compiled here at run time from schema/ (not the generated validators), wall
 * time over loops of 400 ms (not CPU time), 20,000 distinct objects parsed
 * from JSON text (not the same 11), and reading each result's issues.
 *
 *   npx tsx bench/cross-check/validate.ts [reference|examples]
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { formats } from '../../src/validate/formats.js';
import { validateSignal } from '../../src/validate/index.js';
import { referenceExamples } from '../../test/fixtures/reference-examples.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const content = JSON.parse(read('schema/signal-content.schema.json')) as { $id: string };
const input = JSON.parse(read('schema/signal-input.schema.json')) as { $id: string };

/** Bare ajv on the same schemas, with the same formats as codegen gives them. */
function compile(allErrors: boolean) {
  const ajv = new Ajv({ discriminator: true, allErrors, strict: true, strictRequired: false });
  for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn);
  ajv.addFormat('email', /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i);
  ajv.addSchema(content).addSchema(input);
  return ajv.getSchema(input.$id)!;
}
const bare = compile(false);
const bareAll = compile(true);

const mixName = process.argv[2] === 'examples' ? 'examples/signals.ndjson' : 'reference examples';
const parsed = (line: string): unknown[] => {
  try {
    const value = JSON.parse(line) as { signal?: unknown };
    return [value.signal ?? value];
  } catch {
    return []; // the example file has a broken line on purpose
  }
};
const mix = process.argv[2] === 'examples' ? read('examples/signals.ndjson').split('\n').flatMap(parsed) : Object.values(referenceExamples);
const valid = mix.filter((s) => bare(s)).map((s) => JSON.stringify(s));
// Invalid: an empty appKey (fatal) and a timestamp that is not one (dropped), as a file would bring them.
const invalid = valid.map((text) => {
  const s = JSON.parse(text) as { appKey: string; signalContent: Record<string, unknown> };
  s.appKey = '';
  s.signalContent.signalTimestamp = 'yesterday';
  return JSON.stringify(s);
});
const distinct = (texts: string[]) => Array.from({ length: 20_000 }, (_, i) => JSON.parse(texts[i % texts.length]!) as unknown);
const V = distinct(valid);
const X = distinct(invalid);

function rate(objects: unknown[], fn: (x: unknown) => unknown, ms = 400): number {
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    for (const o of objects) fn(o);
    n += objects.length;
  }
  return n / ((performance.now() - t0) / 1000);
}
const fns = {
  ours: () => rate(V, (x) => validateSignal(x).warnings.length),
  ajv: () => rate(V, (x) => bare(x)),
  oursInvalid: () => rate(X, (x) => { const r = validateSignal(x); return r.valid ? r.warnings.length : r.errors.length; }),
  ajvAllErrors: () => rate(X, (x) => bareAll(x)),
};
for (const f of Object.values(fns)) f();
const runs: Record<keyof typeof fns, number[]> = { ours: [], ajv: [], oursInvalid: [], ajvAllErrors: [] };
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(fns)) runs[k as keyof typeof fns].push(f());
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const m = Object.fromEntries(Object.entries(runs).map(([k, xs]) => [k, median(xs)])) as Record<keyof typeof fns, number>;
const n = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(`${valid.length} valid signals (${mixName}), 20,000 distinct objects, wall time, median of 9`);
console.log(`valid:   validateSignal ${n(m.ours)}/s, bare ajv ${n(m.ajv)}/s: ${(m.ajv / m.ours).toFixed(2)}×`);
console.log(`invalid: validateSignal ${n(m.oursInvalid)}/s, bare ajv allErrors ${n(m.ajvAllErrors)}/s: ${(m.ajvAllErrors / m.oursInvalid).toFixed(2)}×`);
