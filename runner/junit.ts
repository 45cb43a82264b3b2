import { XMLBuilder } from 'fast-xml-parser';

/** A JUnit test suite as fast-xml-parser builds it: attributes prefixed with `@`. */
export interface JunitSuite {
  '@tests': number;
  '@failures': number;
  [key: string]: unknown;
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressEmptyNode: true,
  processEntities: true,
});

/** The JUnit document around the suites (run report, grading report): totals summed once here. Pure. */
export function junitDocument(name: string, suites: JunitSuite[], durationMs?: number): string {
  return builder.build({
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: {
      '@name': name,
      '@tests': suites.reduce((sum, suite) => sum + suite['@tests'], 0),
      '@failures': suites.reduce((sum, suite) => sum + suite['@failures'], 0),
      ...(durationMs === undefined ? {} : { '@time': (durationMs / 1000).toFixed(3) }),
      testsuite: suites,
    },
  }) as string;
}
