/**
 * The inspector page's entry (bundled by scripts/build-ui.ts): takes the key
 * from the address's fragment before anything else, then renders the app.
 */
import { html, render } from 'htm/preact';
import { App } from './app.js';
import { takeKeyFromFragment } from './key.js';
import './style.css';

takeKeyFromFragment();
render(html`<${App} />`, document.getElementById('app')!);
