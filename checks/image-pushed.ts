import type { ImageDetail } from './aws.ts';
import { awsProblem } from './aws-config.ts';
import { docker, engineDown } from './docker.ts';
import { REPOSITORY } from './ecr-repository.ts';
import { IMAGE } from './image-built.ts';
import { type CheckContext, defineCheck } from './types.ts';

export const TAGS = ['v1.0', 'latest'] as const;

/** The images of the repository, all pages. */
export async function repositoryImages(context: CheckContext): Promise<ImageDetail[]> {
  const { ecrClient, paginateDescribeImages } = await import('./aws.ts');
  const images: ImageDetail[] = [];
  for await (const page of paginateDescribeImages(
    { client: ecrClient(context) },
    { repositoryName: REPOSITORY },
  )) {
    images.push(...(page.imageDetails ?? []));
  }
  return images;
}

/** The local image's digests in registries (`RepoDigests`), or why Docker cannot say. */
async function localDigests(context: Parameters<typeof docker>[0]): Promise<string[] | string> {
  const answer = await docker(context, ['image', 'inspect', IMAGE, '--format', '{{json .RepoDigests}}']);
  if (answer.missing) return 'kein docker-Programm';
  if (answer.exitCode !== 0)
    return engineDown(answer.stderr) ? 'Docker antwortet nicht' : `lokal kein ${IMAGE}`;
  try {
    return (JSON.parse(answer.stdout) as string[] | null) ?? [];
  } catch {
    return 'Docker antwortet unverständlich';
  }
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

/**
 * Checkliste: „Image erfolgreich nach ECR gepusht“ und „Image ist in der ECR Console sichtbar“: ECR
 * hat `v1.0` und `latest` auf demselben Digest; wo Docker lokal ist, ist es der Digest des lokalen
 * Images (RepoDigests) – gepusht wurde, was gebaut wurde.
 */
export default defineCheck({
  id: 'image-pushed',
  title: 'Image nach ECR gepusht (v1.0 und latest)',
  points: 3,
  needs: ['ecr-repository'],
  scope: 'anywhere',
  timeoutMs: 20_000,
  pollMs: 6000,
  messages: {
    ok: { text: 'ECR hat v1.0 und latest auf demselben Image ({digest}){local}.' },
    missingTags: {
      text: 'Erwartet die Tags v1.0 und latest in ECR, gefunden: {found}.',
      hint: 'Tagge und pushe beide: docker tag … und docker push …:v1.0 / …:latest (Teil 6.2 bis 6.4); vorher docker login (Teil 6.1).',
    },
    split: {
      text: 'Erwartet v1.0 und latest auf demselben Image, gefunden: v1.0 auf {v1}, latest auf {latest}.',
      hint: 'Tagge dasselbe lokale Image zweimal (docker tag cloudnotes-api:v1.0 …:latest) und pushe latest erneut (Teil 6.4).',
    },
    notBuilt: {
      text: 'In ECR liegt {digest}, das lokale Image cloudnotes-api:v1.0 hat aber {local}.',
      hint: 'Gepusht wurde ein anderes Image als gebaut. Tagge cloudnotes-api:v1.0 neu und pushe beide Tags noch einmal (Teil 6.2 bis 6.4).',
    },
    failed: { text: 'Die Images in ECR ließen sich nicht abfragen ({name}).' },
  },
  async run(context) {
    let images: ImageDetail[];
    try {
      images = await repositoryImages(context);
    } catch (error) {
      const problem = awsProblem(error);
      return { status: 'fail', messageId: 'failed', data: { name: problem.name }, detail: problem.message };
    }
    const tagged = (tag: string) => images.find((image) => image.imageTags?.includes(tag));
    const [v1, latest] = TAGS.map(tagged);
    if (!v1?.imageDigest || !latest?.imageDigest) {
      const found = TAGS.filter((tag) => tagged(tag)).join(', ') || 'keine';
      return { status: 'fail', messageId: 'missingTags', data: { found }, retry: true };
    }
    if (v1.imageDigest !== latest.imageDigest)
      return {
        status: 'fail',
        messageId: 'split',
        data: { v1: short(v1.imageDigest), latest: short(latest.imageDigest) },
      };
    const digest = v1.imageDigest;
    if (context.remote)
      return { status: 'pass', messageId: 'ok', data: { digest: short(digest), local: '' } };
    const local = await localDigests(context);
    if (typeof local === 'string')
      return {
        status: 'pass',
        messageId: 'ok',
        data: { digest: short(digest), local: ` (mit dem lokalen Image nicht verglichen: ${local})` },
      };
    const ours = local.filter((entry) => entry.split('@')[0]?.endsWith(`/${REPOSITORY}`));
    if (ours.some((entry) => entry.endsWith(`@${digest}`)))
      return {
        status: 'pass',
        messageId: 'ok',
        data: { digest: short(digest), local: ', gleich dem lokalen cloudnotes-api:v1.0' },
      };
    return {
      status: 'fail',
      messageId: 'notBuilt',
      data: {
        digest: short(digest),
        local:
          ours.length > 0
            ? ours.map((entry) => short(entry.split('@')[1] ?? '')).join(', ')
            : 'keinen Registry-Digest',
      },
    };
  },
});
