// Loaded with `node --import ./test/helpers/record-modules.mjs …` and RECORD_MODULES_FILE set:
// appends the URL of every module the process loads to that file, one a line: ES modules
// from a loader hook (test/helpers/record-modules-hooks.mjs), CommonJS ones from require's
// cache at exit (a require() inside a CommonJS module passes no ES loader hook on Node 20).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const file = process.env.RECORD_MODULES_FILE;
if (file) {
  register('./record-modules-hooks.mjs', { parentURL: import.meta.url, data: { file } });
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const cjs = Object.keys(require.cache).map((p) => pathToFileURL(p).href);
    if (cjs.length > 0) appendFileSync(file, `${cjs.join('\n')}\n`);
  });
}
