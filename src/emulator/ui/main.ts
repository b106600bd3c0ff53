/**
 * The inspector page's entry (bundled by scripts/build-ui.ts): takes the key
 * from the address's fragment before anything else, then renders the app.
 */
import { html, render } from 'htm/preact';
import { App } from './app.js';
import { takeKeyFromFragment } from './key.js';
import './style.css';

takeKeyFromFragment();
const root = document.getElementById('app')!;
root.textContent = ''; // the page's "Loading…" line: render() adds to what is there
render(html`<${App} />`, root);
