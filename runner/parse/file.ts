import { decodeLessonBytes, encodingLabel } from '../encoding.ts';
import type { Lesson } from '../model.ts';
import { applyOverlay, parseOverlay } from '../overlay.ts';
import { parseLesson } from './lesson.ts';

/** The bytes of one file and the path its messages show. */
export interface SourceFile {
  bytes: Uint8Array;
  shown: string;
}

/** A lesson file's bytes (and its overlay's) into the lesson model: decoded, parsed, overlaid. Pure. */
export function parseLessonFile(
  lesson: SourceFile & { id?: string | undefined },
  overlay?: SourceFile,
): Lesson {
  const decoded = decodeLessonBytes(lesson.bytes, lesson.shown);
  const parsed = parseLesson(decoded.text, lesson.shown, lesson.id ? { id: lesson.id } : {});
  for (const encoding of decoded.repairs) {
    parsed.diagnostics.unshift({
      severity: 'warning',
      code: 'mojibake-repaired',
      message: `Die Datei war doppelt kodiert (UTF-8 als ${encodingLabel(encoding)} gelesen, z. B. „√ú“ statt „Ü“); sie wurde verlustfrei repariert. Speichere sie am besten repariert neu.`,
    });
  }
  if (overlay) {
    applyOverlay(parsed, parseOverlay(new TextDecoder().decode(overlay.bytes), overlay.shown), overlay.shown);
  }
  return parsed;
}
