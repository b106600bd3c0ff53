/**
 * What one ajv error means for a signal: the issue it reports, and Connect's
 * rule for it (discard the signal, or remove one value and send the rest).
 *
 * Invalid signals of a file repeat the same few errors, so the judgement of
 * an error is worked out once per signal type and error location and reused;
 * only the value found is read from each signal (see messages.ts `render`).
 */
import type { ErrorObject } from 'ajv';
import { shapeOf, type IssueShape } from './messages.js';
import { formatPath, type Segment } from './path.js';
import { verdict } from './triage.js';

/** An error, judged. */
export interface Judgement {
  readonly issue: IssueShape;
  /** The value to remove, for an error in an optional field; undefined when the error discards the signal. */
  readonly drop: readonly Segment[] | undefined;
  /** `drop` as a path, so that each value is removed (and warned about) once. */
  readonly dropPath: string;
  /** What the warning about a removal adds to the issue's message. */
  readonly removed: string;
}

/**
 * Judgements by schema location, instance path, signal type and the field an
 * error names (missing or unknown). Errors at item indexes, and unknown keys,
 * are open-ended, so the cache stops growing at {@link MAX_JUDGED} rather
 * than grow without bound.
 */
const judged = new Map<string, Map<string, Map<string, Map<string, Judgement>>>>();
let size = 0;
const MAX_JUDGED = 4096;

/** `map.get(key)`, set to `make()` first if missing. */
function slot<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

function make(error: ErrorObject, data: unknown, signalType: string): Judgement {
  const issue = shapeOf(error, data, signalType);
  const v = verdict(signalType, issue.segments);
  if (v.fatal) return { issue, drop: undefined, dropPath: '', removed: '' };
  const dropPath = formatPath(v.drop);
  const removed = issue.code === 'unknown_field' ? '; it was removed' : `; ${dropPath} was removed and the signal is sent without it`;
  return { issue, drop: v.drop, dropPath, removed };
}

/** The judgement of `error`, an error of `data`, a signal input of type `signalType`. */
export function judge(error: ErrorObject, data: unknown, signalType: string): Judgement {
  const p = error.params as { readonly missingProperty?: unknown; readonly additionalProperty?: unknown };
  const named = String(p.missingProperty ?? p.additionalProperty ?? '');
  let judgement = judged.get(error.schemaPath)?.get(error.instancePath)?.get(signalType)?.get(named);
  if (judgement === undefined) {
    judgement = make(error, data, signalType);
    if (judgement.issue.reusable && size < MAX_JUDGED) {
      const byInstance = slot(judged, error.schemaPath, () => new Map<string, Map<string, Map<string, Judgement>>>());
      slot(slot(byInstance, error.instancePath, () => new Map<string, Map<string, Judgement>>()), signalType, () => new Map<string, Judgement>()).set(named, judgement);
      size++;
    }
  }
  return judgement;
}
