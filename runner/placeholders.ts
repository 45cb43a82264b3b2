import type { PlaceholderInfo } from './model.ts';

/** Placeholders such as `<deine-account-id>`: filling is pure; finding the value is the runner's job. */

export function fillPlaceholders(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(
    /<([a-zäöüß][a-zäöüß0-9_]*(?:-[a-zäöüß0-9_]+)*)>/gi,
    (token, name: string) => values[name] ?? token,
  );
}

/** `LESSON_PLACEHOLDER_DEINE_ACCOUNT_ID` for `<deine-account-id>`: how CI and instructors pass a value. */
export function placeholderEnvName(name: string): string {
  return `LESSON_PLACEHOLDER_${name
    .toUpperCase()
    .replace(/Ä/g, 'AE')
    .replace(/Ö/g, 'OE')
    .replace(/Ü/g, 'UE')
    .replace(/ß/g, 'SS')
    .replace(/[^A-Z0-9]+/g, '_')}`;
}

/** German reason why a value does not fit, or undefined when it does. */
export function invalidPlaceholderValue(info: PlaceholderInfo, value: string): string | undefined {
  if (value.trim() === '') return 'Der Wert ist leer.';
  const pattern = info.fill?.pattern;
  if (pattern && !new RegExp(pattern).test(value)) {
    return /\[0-9\]\{12\}/.test(pattern)
      ? `„${value}“ ist keine 12-stellige Account-ID (nur Ziffern, z. B. 123456789012).`
      : `„${value}“ hat nicht die erwartete Form (${pattern}).`;
  }
  return undefined;
}

/** The command whose output is the value, for placeholders the overlay ties to the learner's AWS setup. */
export function probeCommandFor(info: PlaceholderInfo): string | undefined {
  switch (info.fill?.source) {
    case 'aws-account-id':
      return 'aws sts get-caller-identity --query Account --output text';
    case 'aws-region':
      return 'aws configure get region';
    default:
      return undefined;
  }
}
