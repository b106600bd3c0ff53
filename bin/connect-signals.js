#!/usr/bin/env node
// The built CLI (npm install runs `prepare`, which compiles src/ to dist/).
import { runFromProcess } from '../dist/src/cli/main.js';

await runFromProcess();
