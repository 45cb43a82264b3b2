import { ClassReport, GradeReport } from '../checks/report-model.ts';
import { Lesson } from '../runner/model.ts';
import { Overlay } from '../runner/overlay-schema.ts';

/** The schemas published in schemas/, keyed by file name; JSON round trip drops TypeBox's symbol keys. */
export function publishedSchemas(): Record<string, unknown> {
  return {
    'lesson.schema.json': JSON.parse(
      JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...Lesson }),
    ),
    'overlay.schema.json': JSON.parse(
      JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...Overlay }),
    ),
    'grade-report.schema.json': JSON.parse(
      JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...GradeReport }),
    ),
    'class-report.schema.json': JSON.parse(
      JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...ClassReport }),
    ),
  };
}
