import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { debuglog } from 'node:util';
import { Script } from 'node:vm';

/**
 * Loads a CommonJS bundle with V8's code cache, which Node 20 has no switch for (Node 22's
 * `module.enableCompileCache()` does the same for every module). Parsing and compiling the grade
 * bundle costs ~60 ms on each start, a tenth of a whole grading run; with the cache written at build
 * time (`createCodeCache`, a file beside the bundle) V8 takes the compiled code as it is.
 *
 * V8 compares only the length of the source with the cache's, so the cache starts with the SHA-256 of
 * the bundle it was made from: a rebuilt bundle never runs the old build's code. A cache that does not
 * fit (another bundle, another Node version, other V8 flags) is ignored and the bundle compiles as
 * without one. Nothing is written at run time.
 */

export type CacheUse = 'used' | 'rejected' | 'none';

export interface LoadedBundle {
  exports: Record<string, unknown>;
  cache: CacheUse;
}

const HASH_BYTES = 32;

/** `NODE_DEBUG=code-cache` shows whether a start used the cache. */
const debug = debuglog('code-cache');

/** The file beside a bundle that holds its code cache. */
export function cacheFileOf(bundleFile: string): string {
  return `${bundleFile}.cache`;
}

function sha256(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest();
}

/** The bundle as one function, as node's CommonJS loader wraps a module (a `#!` line commented out). */
function compile(bundleFile: string, bytes: Buffer, cachedData?: Buffer): Script {
  const source = bytes.toString('utf8').replace(/^#!/, '//');
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    ...(cachedData ? { cachedData } : {}),
  });
}

/** The code cache for a bundle, to be written beside it at build time. */
export function createCodeCache(bundleFile: string): Buffer {
  const bytes = readFileSync(bundleFile);
  return Buffer.concat([sha256(bytes), compile(bundleFile, bytes).createCachedData()]);
}

/**
 * Runs a CommonJS bundle and returns its exports, compiled from its code cache where it fits.
 * The bundle must not call `import()`: a script compiled by `vm` cannot without
 * `--experimental-vm-modules` (build it with esbuild's `supported: { 'dynamic-import': false }`).
 */
export function loadBundle(bundleFile: string): LoadedBundle {
  const bytes = readFileSync(bundleFile);
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(cacheFileOf(bundleFile));
  } catch {
    cache = undefined;
  }
  const fitting = cache?.subarray(0, HASH_BYTES).equals(sha256(bytes))
    ? cache.subarray(HASH_BYTES)
    : undefined;
  const script = compile(bundleFile, bytes, fitting);
  const module = { exports: {} as Record<string, unknown> };
  const factory = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
  ) => void;
  factory.call(
    module.exports,
    module.exports,
    createRequire(bundleFile),
    module,
    bundleFile,
    dirname(bundleFile),
  );
  const use: CacheUse =
    cache === undefined ? 'none' : fitting && !script.cachedDataRejected ? 'used' : 'rejected';
  debug('%s: %s', basename(bundleFile), use);
  return { exports: module.exports, cache: use };
}
