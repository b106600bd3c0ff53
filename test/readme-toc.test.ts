/**
 * The README's table of contents (under the title) links every section, and
 * every link in it reaches a heading: a section added or renamed without its
 * entry, or an entry whose heading is gone, fails here.
 */
import { describe, expect, it } from 'vitest';
import { headingsOf, readPage } from './helpers/markdown.js';

const readme = readPage('README.md');

/** The `##`–`####` headings outside fenced code blocks, with GitHub's anchors. */
function headings(): { level: number; text: string; anchor: string }[] {
  return headingsOf(readme).filter((h) => h.level >= 2 && h.level <= 4);
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

  it('stays a front door a newcomer reads in minutes: at most 300 lines, the details in docs/', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(300);
  });

  it('links only headings that exist', () => {
    const anchors = new Set(headings().map((h) => h.anchor));
    expect(contents().filter((a) => !anchors.has(a))).toEqual([]);
  });
});
