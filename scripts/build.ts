import { mkdirSync, writeFileSync } from 'node:fs';
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

await build({
  entryPoints: { lesson: join(root, 'runner', 'cli.ts') },
  outdir: join(root, 'dist'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
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
