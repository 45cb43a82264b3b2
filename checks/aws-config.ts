/** What the AWS checks need without loading the SDK: the learner's region, and errors sorted. */

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
