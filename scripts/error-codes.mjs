// Rewrites the README's tables of exit statuses and error codes from the catalogue
// (src/error-codes.ts, built into dist/): run after adding or changing a code (npm run build first).
import { readFileSync, writeFileSync } from 'node:fs';
import { errorCodesMarkdown, exitStatusesMarkdown, replaceMarkedBlock } from '../dist/src/error-codes.js';

const readme = new URL('../README.md', import.meta.url);
let text = readFileSync(readme, 'utf8');
text = replaceMarkedBlock(text, 'exit-statuses', exitStatusesMarkdown());
text = replaceMarkedBlock(text, 'error-codes', errorCodesMarkdown());
writeFileSync(readme, text);
