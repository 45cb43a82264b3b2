import { ECRClient } from '@aws-sdk/client-ecr';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { CheckContext } from './types.ts';

/**
 * AWS clients for the checks: the standard credential chain (environment, profiles), the learner's
 * region, and `AWS_ENDPOINT_URL` (LocalStack, moto) without code changes. One attempt per call, so an
 * unreachable endpoint fails in seconds, not after minutes of retries.
 */
// The SDK warns on every start under Node 20 that *future* versions will need Node 22. The lockfile pins
// a version that supports Node 20, and learners should not see an English maintenance notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function options(context: CheckContext) {
  const env = context.env;
  const endpoint = env.AWS_ENDPOINT_URL;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : fromIni({
          ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
          ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
          ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
        });
  return { region: context.region, credentials, maxAttempts: 1, ...(endpoint ? { endpoint } : {}) };
}

export const stsClient = (context: CheckContext) => new STSClient(options(context));
export const ecrClient = (context: CheckContext) => new ECRClient(options(context));

/** The SDK's error, as a check needs it: its name and whether credentials or the network failed. */
export function awsProblem(error: unknown): {
  kind: 'credentials' | 'network' | 'service';
  name: string;
  message: string;
} {
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /credential/i.test(message))
    return { kind: 'credentials', name, message };
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket hang up|connect/i.test(
      `${name} ${message} ${(error as { code?: string }).code ?? ''}`,
    )
  ) {
    return { kind: 'network', name, message };
  }
  return { kind: 'service', name, message };
}

/**
 * The learner's region as the CLI and SDK find it: `AWS_REGION`, `AWS_DEFAULT_REGION`, then `region`
 * of the profile in the config file (read from the given environment, without starting the aws CLI).
 */
export async function configuredRegion(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const fromEnv = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (fromEnv) return fromEnv;
  const { loadSharedConfigFiles } = await import('@smithy/core/config');
  try {
    const files = await loadSharedConfigFiles({
      ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
      ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
      ignoreCache: true,
    });
    const profile = env.AWS_PROFILE ?? 'default';
    return files.configFile[profile]?.region ?? files.credentialsFile[profile]?.region;
  } catch {
    return undefined;
  }
}
