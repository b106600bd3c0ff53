/**
 * vitest global setup: bundles the inspector page (scripts/build-ui.ts) before
 * any test runs, so tests that open it in Chromium never drive a bundle older
 * than src/emulator/ui/ (the emulator serves whatever is in dist/inspector/).
 */
import { buildInspector } from '../../scripts/build-ui.js';

export default async function setup(): Promise<void> {
  await buildInspector();
}
