import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Router from '@koa/router';
import { openApiJson } from './openapi.ts';

/** Swagger UI from the installed swagger-ui-dist package: no CDN, so /docs works offline and in the image. */
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

function assetDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

const page = `<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link type="text/css" rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="shortcut icon" href="/docs/favicon-32x32.png">
<title>CloudNotes API - Swagger UI</title>
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script>
const ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  layout: 'BaseLayout',
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
})
</script>
</body>
</html>
`;

export function register(router: Router): void {
  const cache = new Map<string, Buffer>();
  router.get('openapi', '/openapi.json', (ctx) => {
    ctx.set('Content-Type', 'application/json');
    ctx.body = openApiJson;
  });
  router.get('docs', '/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = page;
  });
  router.get('docsAsset', '/docs/:asset', async (ctx, next) => {
    const name = ctx.params.asset as string;
    const type = assets[name];
    if (!type) {
      await next();
      return;
    }
    let content = cache.get(name);
    if (!content) {
      content = readFileSync(join(assetDir(), name));
      cache.set(name, content);
    }
    ctx.set('Content-Type', type);
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = content;
  });
}
