#!/usr/bin/env node
// Harness step for ECR on moto, which has no registry API: what `docker push` put into the local
// registry becomes visible to `aws ecr describe-images` by registering the pushed manifest with its
// real digest (checked: sha256 of the bytes == Docker-Content-Digest) under each tag, same bytes.
// Usage: ecr-register-pushed.mjs REPOSITORY TAG...   Environment: LESSON_CI_REGISTRY (host:port),
// LESSON_CI_REGISTRY_USER / LESSON_CI_REGISTRY_PASSWORD, and the AWS_* variables of the run.
import { createHash } from 'node:crypto';
import { ECRClient, PutImageCommand } from '@aws-sdk/client-ecr';

const [repository, ...tags] = process.argv.slice(2);
const registry = process.env.LESSON_CI_REGISTRY;
if (!repository || tags.length === 0 || !registry) {
  console.error('Aufruf: ecr-register-pushed.mjs REPOSITORY TAG... (mit LESSON_CI_REGISTRY)');
  process.exit(2);
}
const auth = Buffer.from(
  `${process.env.LESSON_CI_REGISTRY_USER}:${process.env.LESSON_CI_REGISTRY_PASSWORD}`,
).toString('base64');
const ecr = new ECRClient({});
for (const tag of tags) {
  const response = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    headers: {
      Accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
      Authorization: `Basic ${auth}`,
    },
  });
  if (!response.ok) {
    console.error(`${repository}:${tag} ist nicht in der Registry ${registry} (HTTP ${response.status}).`);
    process.exit(1);
  }
  const body = Buffer.from(await response.arrayBuffer());
  const digest = response.headers.get('docker-content-digest');
  const computed = `sha256:${createHash('sha256').update(body).digest('hex')}`;
  if (digest !== computed) {
    console.error(`Digest stimmt nicht: Registry sagt ${digest}, berechnet ${computed}.`);
    process.exit(1);
  }
  await ecr.send(
    new PutImageCommand({
      repositoryName: repository,
      imageTag: tag,
      imageManifest: body.toString('utf8'),
      imageManifestMediaType: response.headers.get('content-type') ?? undefined,
      imageDigest: digest,
    }),
  );
  console.log(`ECR (moto): ${repository}:${tag} → ${digest}`);
}
