import awsIdentity from './aws-identity.ts';
import ecrRepository from './ecr-repository.ts';
import type { Check } from './types.ts';

/** Every check, in the order of the lesson. The file name is the id. */
export const checks: readonly Check[] = [awsIdentity, ecrRepository];
