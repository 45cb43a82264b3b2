import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cacheFileOf, createCodeCache, loadBundle } from '../../runner/code-cache.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function bundleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  writeFileSync(join(dir, 'helper.cjs'), 'module.exports = 41;\n');
  return dir;
}

const source = (answer: string) =>
  `#!/usr/bin/env node\nconst helper = require('./helper.cjs');\nexports.answer = () => ${answer};\nexports.value = ${answer};\nexports.where = [__filename, __dirname];\n`;

describe('loading a bundle with its code cache', () => {
  it('uses the cache written beside the bundle and runs it like a CommonJS module', () => {
    const dir = bundleDir();
    const bundle = join(dir, 'cli.cjs');
    writeFileSync(bundle, source('helper + 1'));
    writeFileSync(cacheFileOf(bundle), createCodeCache(bundle));
    const loaded = loadBundle(bundle);
    assert.equal(loaded.cache, 'used');
    assert.equal(loaded.exports.value, 42);
    assert.equal((loaded.exports.answer as () => number)(), 42);
    assert.deepEqual(loaded.exports.where, [bundle, dir]);
  });

  it('compiles without a cache, and ignores one that belongs to another build of the bundle', () => {
    const dir = bundleDir();
    const bundle = join(dir, 'cli.cjs');
    writeFileSync(bundle, source('helper + 1'));
    assert.equal(loadBundle(bundle).cache, 'none');
    writeFileSync(cacheFileOf(bundle), createCodeCache(bundle));
    // Rebuilt without a new cache, to the same length: V8 itself would run the old top-level code
    // (it compares lengths only), so the value computed at load would still be 42.
    writeFileSync(bundle, source('helper + 2'));
    const rebuilt = loadBundle(bundle);
    assert.equal(rebuilt.cache, 'rejected');
    assert.equal(rebuilt.exports.value, 43);
    assert.equal((rebuilt.exports.answer as () => number)(), 43);
    writeFileSync(cacheFileOf(bundle), 'kein Code-Cache');
    const garbage = loadBundle(bundle);
    assert.equal(garbage.cache, 'rejected');
    assert.equal((garbage.exports.answer as () => number)(), 43);
  });

  it('the built grade CLI starts from its cache under plain node', {
    skip: existsSync(join(repoRoot, 'dist', 'grade.cjs')) ? false : 'dist/grade.cjs fehlt: npm run build',
  }, () => {
    const started = spawnSync(process.execPath, [join(repoRoot, 'dist', 'grade.mjs'), '--help'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'code-cache' },
    });
    assert.equal(started.status, 0, started.stderr);
    assert.match(started.stdout, /Aufruf: grade/);
    assert.match(started.stderr, /CODE-CACHE \d+: grade\.cjs: used/);
  });
});
