#!/usr/bin/env node
// `npm test [-- files…]`: every test/**/*.test.ts through node's test runner with tsx.
// Node 20's --test takes neither globs nor .ts files from a folder, hence this list.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const requested = process.argv.slice(2);
const files =
  requested.length > 0
    ? requested
    : testFiles('test')
        .map((file) => relative('.', file))
        .sort();
const reporter = process.env.TEST_REPORTER ?? 'spec';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-reporter=${reporter}`, ...files],
  {
    stdio: 'inherit',
  },
);
process.exitCode = result.status ?? 1;
