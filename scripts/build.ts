import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { cacheFileOf, createCodeCache } from '../runner/code-cache.ts';
import { Overlay } from '../runner/overlay-schema.ts';
import { AJV_OPTIONS, DATE_TIME, VALIDATED_SCHEMAS } from '../solution/schemas.ts';
import { publishedSchemas } from './schemas.ts';

/**
 * `npm run build`: publishes the JSON schemas, then bundles each CLI into one ESM file in dist/.
 * One file loads several times faster than the ~200 small modules of the unified ecosystem, and the
 * ajv validators are standalone code, so no schema is compiled at start-up (README: Startzeit).
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

for (const [name, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(join(root, 'schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
}

// Chunks of earlier builds would pile up: their names carry content hashes.
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });

// Each module below is replaced in the bundles by its generated file; from source, the module
// compiles its schemas itself.
const generated = join(root, 'dist', 'generated');
mkdirSync(generated, { recursive: true });
function writeStandalone(file: string, ajv: Ajv, exports: Record<string, string>): string {
  const path = join(generated, file);
  writeFileSync(path, standaloneCode.default(ajv, exports));
  return path;
}
const overlayAjv = new Ajv({ code: { source: true, esm: true }, strict: true });
overlayAjv.addSchema(Overlay, 'Overlay');
const solutionAjv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } }).addFormat(
  'date-time',
  DATE_TIME,
);
for (const [name, schema] of Object.entries(VALIDATED_SCHEMAS)) solutionAjv.addSchema(schema, name);
const precompiled: Record<string, string> = {
  'runner/overlay-validator.ts': writeStandalone('overlay-validator.mjs', overlayAjv, {
    validateOverlay: 'Overlay',
  }),
  'solution/validators.ts': writeStandalone(
    'solution-validators.mjs',
    solutionAjv,
    Object.fromEntries(Object.keys(VALIDATED_SCHEMAS).map((name) => [name, name])),
  ),
};
const standaloneValidators: Plugin = {
  name: 'standalone-validators',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /validators?\.ts$/ }, (args) => {
      const path = precompiled[relative(root, resolve(args.resolveDir, args.path))];
      return path ? { path } : undefined;
    });
  },
};

const requireBanner =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Identifies this build of the parser: any change to its sources or dependencies changes it. */
function buildId(): string {
  const hash = createHash('sha256');
  const files = [join(root, 'package-lock.json'), ...sourceFiles(join(root, 'runner'))].sort();
  for (const file of files) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

// The reference solution: one file, its packages (knex loads its dialects dynamically, better-sqlite3
// is native) stay in node_modules, as they will in the container image.
await build({
  entryPoints: { solution: join(root, 'solution', 'server.ts') },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The standalone validators require() ajv's runtime helpers.
  banner: { js: requireBanner },
  plugins: [standaloneValidators],
});

// What both CLIs' bundles share. The API check starts the reference solution in-process. knex and
// objection are bundled (one file parses faster than ~400 CommonJS modules); the database drivers knex
// names stay in node_modules (better-sqlite3 is native), and Swagger UI's files are read from its package.
const cliBundle = {
  define: { __LESSON_BUILD__: JSON.stringify(buildId()) },
  external: [
    'better-sqlite3',
    'pg',
    'pg-native',
    'pg-query-stream',
    'sqlite3',
    'mysql',
    'mysql2',
    'oracledb',
    'tedious',
    'mariadb',
    'mariadb/callback',
    'swagger-ui-dist',
  ],
  // ESM builds where a package has one: the AWS SDK's dist-es can be tree-shaken to the commands the
  // checks send (its CommonJS build carries every ECR command: 400 kB more to parse on each start).
  mainFields: ['module', 'main'],
  conditions: ['module'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: process.env.BUNDLE_MINIFY !== '0',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [standaloneValidators],
} satisfies BuildOptions;

await build({
  ...cliBundle,
  entryPoints: { lesson: join(root, 'runner', 'cli.ts') },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  // The runner (zx, prompts) is a chunk of its own, loaded only when a lesson is walked.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: requireBanner },
});

// The grade CLI is one CommonJS file that dist/grade.mjs (checks/bin.ts) compiles with the code cache
// written beside it: Node 20 caches no compiled ES module, and a grading run would spend a tenth of its
// time parsing (runner/code-cache.ts).
const gradeBundle = join(root, 'dist', 'grade.cjs');
await build({
  ...cliBundle,
  entryPoints: [join(root, 'checks', 'cli.ts')],
  outfile: gradeBundle,
  format: 'cjs',
  // A script compiled by node:vm cannot import() without --experimental-vm-modules; the AWS SDK's
  // `import("node:http")` becomes a require().
  supported: { 'dynamic-import': false },
  define: { ...cliBundle.define, 'import.meta.url': '__bundleUrl' },
  banner: { js: "var __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
writeFileSync(cacheFileOf(gradeBundle), createCodeCache(gradeBundle));
await build({
  entryPoints: { grade: join(root, 'checks', 'bin.ts') },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
