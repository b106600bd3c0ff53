// Loaded with `node --import ./bench/max-rss.mjs …`: prints the process's peak
// resident set size on stderr at exit, as `MAXRSS <kilobytes>`.
import { writeSync } from 'node:fs';

process.on('exit', () => writeSync(2, `\nMAXRSS ${process.resourceUsage().maxRSS}\n`));
