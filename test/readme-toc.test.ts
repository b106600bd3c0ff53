/**
 * The README's table of contents (under the title) links every section, and
 * every link in it reaches a heading: a section added or renamed without its
 * entry, or an entry whose heading is gone, fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly anchor: string;
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` removed, spaces to `-`; repeats get `-1`, `-2`. */
function anchorsOf(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  });
}

/** The `##`–`####` headings outside fenced code blocks. */
function headings(): Heading[] {
  const found: { level: number; text: string }[] = [];
  let fenced = false;
  for (const line of readme.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^(#{2,4}) (.+)$/.exec(line);
    if (m) found.push({ level: m[1]!.length, text: m[2]!.trim() });
  }
  const anchors = anchorsOf(found.map((h) => h.text));
  return found.map((h, i) => ({ ...h, anchor: anchors[i]! }));
}

/** The links of the contents: the list between the title and the first `##` heading. */
function contents(): string[] {
  const start = readme.indexOf('## Contents');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start, 'README.md has a "## Contents" section').toBeGreaterThan(-1);
  return [...readme.slice(start, end).matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
}

describe('README table of contents', () => {
  it('comes right after the introduction, before the first section', () => {
    expect(headings()[0]?.text).toBe('Contents');
  });

  it('links every ## section', () => {
    const links = new Set(contents());
    const missing = headings().filter((h) => h.level === 2 && h.text !== 'Contents' && !links.has(h.anchor));
    expect(missing.map((h) => h.text)).toEqual([]);
  });

  it('links only headings that exist', () => {
    const anchors = new Set(headings().map((h) => h.anchor));
    expect(contents().filter((a) => !anchors.has(a))).toEqual([]);
  });
});
