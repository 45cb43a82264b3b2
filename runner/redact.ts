/**
 * Keeps secrets out of logs and the state file. Secrets are known values (from the environment, a
 * `.env` file the lesson writes, the output of `aws ecr get-login-password`) plus shapes that are
 * secret wherever they appear (AWS access keys). Pure.
 */

const SECRET_NAME =
  /SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|SESSION|_KEY\b|^KEY$|API_?KEY|DATABASE_URL/i;

/** Whether a variable's name says its value is secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Values of environment variables whose names say they are secret; short values are not worth hiding. */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => isSecretName(name) && value !== undefined && value.length >= 6)
    .map(([, value]) => value as string);
}

/** `KEY=value` lines of a dotenv file: every value may be a secret (the lesson: `.env` stays out of the image). */
export function secretsFromDotenv(content: string): string[] {
  return content
    .split(/\r?\n/)
    .map(
      (line) =>
        /^\s*(?:export\s+)?[\w.-]+\s*=\s*(.*?)\s*$/.exec(line)?.[1]?.replace(/^["']|["']$/g, '') ?? '',
    )
    .filter((value) => value.length >= 6);
}

const SHAPES: RegExp[] = [
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, // AWS access key ids
  /(aws_secret_access_key\s*[=:]\s*)\S+/gi,
  /(aws_session_token\s*[=:]\s*)\S+/gi,
  /("(?:SecretAccessKey|SessionToken|password)"\s*:\s*")[^"]+/g,
];

export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  const known = [...new Set(secrets)]
    .filter((secret) => secret.length >= 6)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) result = result.split(secret).join('«geheim»');
  for (const shape of SHAPES) {
    result = result.replace(shape, (match, prefix?: string) =>
      typeof prefix === 'string' && prefix !== match ? `${prefix}«geheim»` : '«geheim»',
    );
  }
  return result;
}
