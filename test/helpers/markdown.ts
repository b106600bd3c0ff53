/**
 * What the docs tests read in the project's Markdown: the pages (README.md and
 * docs/*.md), their headings with GitHub's anchors, their links, and their
 * fenced code blocks, all outside fenced code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The project's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The Markdown pages a reader meets: README.md and every docs/*.md (not the generated docs/api/). */
export function markdownPages(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs];
}

/** A page's text, by its path from the root. */
export function readPage(page: string): string {
  return readFileSync(path.join(ROOT, page), 'utf8');
}

/** A line of a page with its number (1-based) and whether it lies inside a fenced code block (fence lines included). */
interface PageLine {
  readonly text: string;
  readonly line: number;
  readonly fenced: boolean;
}

function linesOf(text: string): PageLine[] {
  let fenced = false;
  return text.split('\n').map((line, i) => {
    const fence = /^\s*```/.test(line);
    const result = { text: line, line: i + 1, fenced: fenced || fence };
    if (fence) fenced = !fenced;
    return result;
  });
}

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` removed, spaces to `-`; repeats get `-1`, `-2`. */
export function anchorsOf(texts: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const base = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}-${n}`;
  });
}

/** A heading outside fenced code: its level (1–6), its text and its anchor. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly anchor: string;
}

/** Every heading of a page outside fenced code, in order, with GitHub's anchors. */
export function headingsOf(text: string): Heading[] {
  const found: { level: number; text: string }[] = [];
  for (const l of linesOf(text)) {
    const m = l.fenced ? null : /^(#{1,6}) (.+?)\s*#*\s*$/.exec(l.text);
    if (m) found.push({ level: m[1]!.length, text: m[2]!.trim() });
  }
  const anchors = anchorsOf(found.map((h) => h.text));
  return found.map((h, i) => ({ ...h, anchor: anchors[i]! }));
}

/** A link of a page (inline `[text](target)` or image `![alt](target)`), outside code. */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Every inline link and image of a page outside fenced code and code spans. */
export function linksOf(text: string): Link[] {
  const links: Link[] = [];
  for (const l of linesOf(text)) {
    if (l.fenced) continue;
    const prose = l.text.replace(/`[^`]*`/g, '``');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: m[1]!, line: l.line });
  }
  return links;
}

/** A fenced code block: its info string (`ts`, `ts snippet`, `sh`, …), its code, and the line of its opening fence. */
export interface CodeBlock {
  readonly info: string;
  readonly code: string;
  readonly line: number;
}

/** Every fenced code block of a page (fences of three backticks, indented or not). */
export function codeBlocksOf(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let open: { info: string; line: number; indent: number; body: string[] } | null = null;
  text.split('\n').forEach((line, i) => {
    const fence = /^(\s*)```(.*)$/.exec(line);
    if (open === null) {
      if (fence) open = { info: fence[2]!.trim(), line: i + 1, indent: fence[1]!.length, body: [] };
    } else if (fence && fence[2]!.trim() === '') {
      blocks.push({ info: open.info, code: open.body.join('\n') + '\n', line: open.line });
      open = null;
    } else {
      open.body.push(line.slice(Math.min(open.indent, line.length - line.trimStart().length)));
    }
  });
  return blocks;
}
