import { Ajv, type ValidateFunction } from 'ajv';
import { Overlay } from './overlay-schema.ts';

/**
 * The ajv validator for overlays. From source (tests, tsx) it is compiled here; the bundled CLI gets
 * the same validator as ajv standalone code generated at build time (scripts/build.ts), which saves
 * the compile on every start.
 */
export const validateOverlay: ValidateFunction<Overlay> = new Ajv({
  allErrors: false,
  strict: true,
}).compile<Overlay>(Overlay);
