/**
 * The issues of one signal, without duplicates (two errors can point at the
 * same field), at most {@link MAX_LISTED} of them listed and the rest counted.
 */
import { MAX_LISTED } from './misspellings.js';
import type { IssueCode, ValidationIssue } from './types.js';

/** Up to this many issues, duplicates are found by a scan; past it, by a set. */
const SCANNED = 16;

export class IssueList {
  readonly items: ValidationIssue[] = [];
  private seen: Set<string> | undefined;
  private omitted = 0;

  /** Whether an issue with this code and path is already listed (or counted). */
  has(code: IssueCode, path: string): boolean {
    if (this.seen !== undefined) return this.seen.has(`${code} ${path}`);
    for (const item of this.items) if (item.path === path && item.code === code) return true;
    return false;
  }

  /** Adds an issue that {@link has} does not know yet. */
  add(path: string, code: IssueCode, message: string): void {
    if (this.seen !== undefined) this.seen.add(`${code} ${path}`);
    else if (this.items.length === SCANNED) this.seen = new Set([...this.items, { code, path }].map((i) => `${i.code} ${i.path}`));
    if (this.items.length < MAX_LISTED) this.items.push({ path, code, message });
    else this.omitted++;
  }

  /** Adds each issue not already there. */
  addAll(issues: readonly ValidationIssue[]): void {
    for (const issue of issues) if (!this.has(issue.code, issue.path)) this.add(issue.path, issue.code, issue.message);
  }

  /** The list, ending with a count of what was not listed. */
  done(what: string): ValidationIssue[] {
    if (this.omitted > 0) this.items.push({ path: '', code: 'invalid', message: `${this.omitted} more ${what} not listed` });
    return this.items;
  }
}
