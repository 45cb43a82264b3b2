import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';
import { Overlay } from '../runner/overlay-schema.ts';
import { publishedSchemas } from './schemas.ts';

/**
 * `npm run build`: publishes the JSON schemas, then bundles each CLI into one ESM file in dist/.
 * One file loads several times faster than the ~200 small modules of the unified ecosystem, and the
 * overlay validator is ajv standalone code, so no schema is compiled at start-up (README: Startzeit).
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

for (const [name, schema] of Object.entries(publishedSchemas())) {
  writeFileSync(join(root, 'schemas', name), `${JSON.stringify(schema, null, 2)}\n`);
}

// Chunks of earlier builds would pile up: their names carry content hashes.
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });

const generated = join(root, 'dist', 'generated');
mkdirSync(generated, { recursive: true });
const ajv = new Ajv({ code: { source: true, esm: true }, strict: true });
const validate = ajv.compile(Overlay);
writeFileSync(
  join(generated, 'overlay-validator.mjs'),
  `${standaloneCode.default(ajv, validate)}\nexport { validate as validateOverlay };\n`.replace(
    /export default validate\d*;?/,
    '',
  ),
);

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
});

await build({
  define: { __LESSON_BUILD__: JSON.stringify(buildId()) },
  entryPoints: { lesson: join(root, 'runner', 'cli.ts'), grade: join(root, 'checks', 'cli.ts') },
  // The API check starts the reference solution in-process. knex and objection are bundled (one file
  // parses faster than ~400 CommonJS modules); the database drivers knex names stay in node_modules
  // (better-sqlite3 is native), and Swagger UI's files are read from its package.
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
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // The runner (zx, prompts) is a chunk of its own, loaded only when a lesson is walked.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: process.env.BUNDLE_MINIFY !== '0',
  legalComments: 'none',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [
    {
      name: 'standalone-overlay-validator',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /overlay-validator\.ts$/ }, () => ({
          path: join(generated, 'overlay-validator.mjs'),
        }));
      },
    },
  ],
});
