#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { loadBundle } from '../runner/code-cache.ts';

/**
 * `dist/grade.mjs`: starts the grade CLI from its bundle `dist/grade.cjs` with the code cache beside it
 * (runner/code-cache.ts), so a grading run does not spend its first 60 ms compiling.
 */
const { exports } = loadBundle(fileURLToPath(new URL('./grade.cjs', import.meta.url)));
(exports as { runGradeCli: () => void }).runGradeCli();
