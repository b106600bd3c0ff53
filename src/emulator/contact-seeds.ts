/**
 * Reading contacts to seed the emulator with: a JSON array, a JSON object
 * `{ "contacts": [...] }`, a single JSON object, or NDJSON (one contact a line).
 */
import { readFile } from 'node:fs/promises';
import { EmulatorError } from './errors.js';
import type { ContactSeed } from './options.js';

/** The attributes that identify a contact, in the order they are matched. */
export const IDENTIFYING_ATTRIBUTES = ['contactKey', 'email', 'sms', 'whatsapp'] as const;

function seedError(where: string, message: string, cause?: unknown): never {
  throw new EmulatorError('ERR_CONTACT_SEED', `${where}: ${message}`, cause === undefined ? undefined : { cause });
}

/** Checks one seed; `where` names it in messages (e.g. `contacts.ndjson line 3`). */
export function checkContactSeed(value: unknown, where: string): ContactSeed {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) seedError(where, 'a contact must be a JSON object');
  const seed = value as Record<string, unknown>;
  let identified = false;
  for (const name of IDENTIFYING_ATTRIBUTES) {
    const v = seed[name];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length === 0) seedError(where, `${name} must be a non-empty string (got ${JSON.stringify(v)})`);
    identified = true;
  }
  if (!identified) seedError(where, `a contact needs at least one of ${IDENTIFYING_ATTRIBUTES.join(', ')}`);
  return seed as ContactSeed;
}

/** Parses contacts from text (JSON or NDJSON); `source` names the text in messages. */
export function parseContactSeeds(text: string, source = 'contacts'): ContactSeed[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  let whole: unknown;
  let isJson = true;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    isJson = false;
  }
  if (isJson) {
    const list = Array.isArray(whole)
      ? whole
      : whole !== null && typeof whole === 'object' && Array.isArray((whole as { contacts?: unknown }).contacts)
        ? (whole as { contacts: unknown[] }).contacts
        : [whole];
    return list.map((c, i) => checkContactSeed(c, `${source} contact ${i + 1}`));
  }
  const seeds: ContactSeed[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      seedError(`${source} line ${i + 1}`, `not valid JSON (${(error as Error).message})`, error);
    }
    seeds.push(checkContactSeed(value, `${source} line ${i + 1}`));
  }
  return seeds;
}

/** Reads contacts from a JSON or NDJSON file. */
export async function readContactSeeds(file: string): Promise<ContactSeed[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    seedError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  return parseContactSeeds(text, file);
}
