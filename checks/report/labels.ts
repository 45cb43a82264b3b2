import type { CheckStatus } from '../types.ts';

/** German words for results, the same in every reporter. */
export const STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'bestanden',
  warn: 'mit Hinweis',
  fail: 'nicht bestanden',
  skip: 'übersprungen',
  manual: 'selbst einschätzen',
};

export const STATUS_MARK: Record<CheckStatus, string> = {
  pass: '✓',
  warn: '!',
  fail: '✗',
  skip: '–',
  manual: '?',
};

export const formatPoints = (value: number): string =>
  Number.isInteger(value) ? String(value) : value.toFixed(1).replace('.', ',');

export const formatPercent = (value: number): string => `${formatPoints(Math.round(value * 10) / 10)} %`;
