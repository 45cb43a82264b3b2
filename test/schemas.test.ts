import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { publishedSchemas } from '../scripts/schemas.ts';
import { repoRoot } from './helpers.ts';

it('the published schemas in schemas/ match the model (npm run build regenerates them)', () => {
  for (const [name, schema] of Object.entries(publishedSchemas())) {
    const committed = JSON.parse(readFileSync(join(repoRoot, 'schemas', name), 'utf8'));
    assert.deepEqual(committed, schema, `schemas/${name} ist veraltet: npm run build`);
  }
});
