import awsCli from './aws-cli.ts';
import awsIdentity from './aws-identity.ts';
import dockerEngine from './docker-engine.ts';
import ecrRepository from './ecr-repository.ts';
import imageBuilt from './image-built.ts';
import testContainerRemoved from './test-container-removed.ts';
import type { Check } from './types.ts';

/** Every check, in the order of the lesson. The file name is the id. */
export const checks: readonly Check[] = [
  awsCli,
  dockerEngine,
  awsIdentity,
  ecrRepository,
  imageBuilt,
  testContainerRemoved,
];
