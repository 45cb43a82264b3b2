import apiResponds from './api-responds.ts';
import awsCli from './aws-cli.ts';
import awsIdentity from './aws-identity.ts';
import dockerEngine from './docker-engine.ts';
import ecrRepository from './ecr-repository.ts';
import imageBuilt from './image-built.ts';
import imagePushed from './image-pushed.ts';
import imageScan from './image-scan.ts';
import lifecyclePolicy from './lifecycle-policy.ts';
import testContainerRemoved from './test-container-removed.ts';
import type { Check } from './types.ts';

/** Every check, in the order of the lesson. The file name is the id. */
export const checks: readonly Check[] = [
  awsCli,
  dockerEngine,
  awsIdentity,
  ecrRepository,
  apiResponds,
  imageBuilt,
  testContainerRemoved,
  imagePushed,
  lifecyclePolicy,
  imageScan,
];
