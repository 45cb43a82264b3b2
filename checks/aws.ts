import { ECRClient } from '@aws-sdk/client-ecr';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import type { CheckContext } from './types.ts';

export {
  DescribeImageScanFindingsCommand,
  DescribeRepositoriesCommand,
  GetLifecyclePolicyCommand,
  type ImageDetail,
  paginateDescribeImages,
} from '@aws-sdk/client-ecr';
export { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

/**
 * AWS clients for the checks: the standard credential chain (environment, profiles), the learner's
 * region, and `AWS_ENDPOINT_URL` (LocalStack, moto) without code changes. One attempt per call, so an
 * unreachable endpoint fails in seconds, not after minutes of retries. Checks load this module (and
 * with it the SDK) only when they run, so the SDK loads while other checks already work.
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
