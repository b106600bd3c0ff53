/**
 * Every relative link of README.md and docs/*.md reaches something: a file or
 * folder of the project, and when it names an `#anchor`, a heading of that
 * page (GitHub's anchor rules). A guide renamed or a heading reworded without
 * its links fails here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, headingsOf, linksOf, markdownPages, readPage, ROOT } from './helpers/markdown.js';

/**
 * Pages another branch adds (the bench's docs/performance.md). Until the branches
 * are merged a link to one of these may not resolve; once the page exists, its
 * links and anchors are checked like any other's.
 */
/** Whether a link leaves the project (a scheme such as https: or mailto:). */
const external = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target);

/** What is wrong with one relative link of `page`, or null when it reaches its target. */
function problem(page: string, target: string): string | null {
  const hash = target.indexOf('#');
  const file = hash === -1 ? target : target.slice(0, hash);
  const anchor = hash === -1 ? null : decodeURIComponent(target.slice(hash + 1));
  const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(file)));
  if (resolved.startsWith('..')) return `${target} leaves the project`;
  if (!existsSync(path.join(ROOT, resolved))) {
    return `${target}: no such file (${resolved})`;
  }
  if (anchor === null) return null;
  if (!resolved.endsWith('.md')) return `${target}: an anchor on a file that is not Markdown`;
  const anchors = new Set(headingsOf(readPage(resolved)).map((h) => h.anchor));
  return anchors.has(anchor) ? null : `${target}: ${resolved} has no heading with the anchor #${anchor}`;
}

describe('links in README.md and docs/', () => {
  it('finds the pages and their links', () => {
    const pages = markdownPages();
    expect(pages).toContain('README.md');
    expect(pages).toContain('docs/guarantees.md');
    expect(pages.flatMap((p) => linksOf(readPage(p))).length).toBeGreaterThan(50);
  });

  it.each(markdownPages())('every relative link and #anchor of %s reaches something', (page) => {
    const broken = linksOf(readPage(page))
      .filter((link) => !external(link.target))
      .map((link) => ({ line: link.line, problem: problem(page, link.target) }))
      .filter((b) => b.problem !== null)
      .map((b) => `${page}:${b.line}: ${b.problem}`);
    expect(broken).toEqual([]);
  });

  it('anchors follow GitHub: punctuation dropped, spaces to -, repeats numbered', () => {
    expect(anchorsOf(['`connect-signals send <file> [options]`', "Decisions on the reference's contradictions", 'Errors', 'Errors'])).toEqual([
      'connect-signals-send-file-options',
      'decisions-on-the-references-contradictions',
      'errors',
      'errors-1',
    ]);
  });

  it('a broken file, a broken anchor and an anchor outside Markdown are each reported', () => {
    expect(problem('README.md', 'docs/nowhere.md')).toMatch(/no such file/);
    expect(problem('README.md', 'docs/client.md#no-such-heading')).toMatch(/no heading with the anchor/);
    expect(problem('docs/client.md', '#the-batching-client')).toBeNull();
    expect(problem('docs/client.md', '../examples/signals.ndjson#x')).toMatch(/not Markdown/);
    expect(problem('docs/client.md', '../../outside.md')).toMatch(/leaves the project/);
  });
});
