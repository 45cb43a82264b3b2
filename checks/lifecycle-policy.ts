import type { ValidateFunction } from 'ajv';
import { awsProblem } from './aws-config.ts';
import { REPOSITORY } from './ecr-repository.ts';
import { defineCheck } from './types.ts';

/** The shape of an ECR lifecycle policy as the ECR documentation gives it. */
const policySchema = {
  type: 'object',
  required: ['rules'],
  properties: {
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['rulePriority', 'selection', 'action'],
        properties: {
          rulePriority: { type: 'integer', minimum: 1 },
          description: { type: 'string' },
          selection: {
            type: 'object',
            required: ['tagStatus', 'countType', 'countNumber'],
            properties: {
              tagStatus: { enum: ['tagged', 'untagged', 'any'] },
              countType: { enum: ['imageCountMoreThan', 'sinceImagePushed'] },
              countUnit: { const: 'days' },
              countNumber: { type: 'integer', minimum: 1 },
            },
            // sinceImagePushed counts days and needs its unit.
            anyOf: [
              { properties: { countType: { const: 'imageCountMoreThan' } } },
              { required: ['countUnit'] },
            ],
          },
          action: { type: 'object', required: ['type'], properties: { type: { const: 'expire' } } },
        },
      },
    },
  },
} as const;

/** Loaded and compiled on first use: most runs never get as far as a lifecycle policy. */
let validate: ValidateFunction | undefined;

export async function describePolicyProblems(text: string): Promise<string[]> {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    return ['kein gültiges JSON'];
  }
  if (!validate) {
    const { Ajv } = await import('ajv');
    validate = new Ajv({ allErrors: true }).compile(policySchema);
  }
  if (validate(policy)) {
    const priorities = (policy as { rules: Array<{ rulePriority: number }> }).rules.map(
      (rule) => rule.rulePriority,
    );
    return new Set(priorities).size === priorities.length ? [] : ['rulePriority kommt doppelt vor'];
  }
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

/** Bonus: „Lifecycle Policies“ – eine Regel für cloudnotes-api, gültig nach ECR-Format. */
export default defineCheck({
  id: 'lifecycle-policy',
  title: 'Bonus: Lifecycle Policy',
  points: 1,
  bonus: true,
  needs: ['ecr-repository'],
  scope: 'anywhere',
  timeoutMs: 10_000,
  messages: {
    ok: { text: 'Lifecycle Policy mit {rules} Regel(n): {summary}.' },
    missing: {
      text: 'Keine Lifecycle Policy für cloudnotes-api gefunden.',
      hint: 'Bonus: Repository → „Lifecycle Policy“, z. B. „Behalte nur die letzten 5 Images“.',
    },
    invalid: {
      text: 'Die Lifecycle Policy ist nicht gültig: {problems}.',
      hint: 'Lege die Regel in der Console neu an; sie prüft das Format.',
    },
    failed: { text: 'Die Lifecycle Policy ließ sich nicht abfragen ({name}).' },
  },
  async run(context) {
    try {
      const { ecrClient, GetLifecyclePolicyCommand } = await import('./aws.ts');
      const answer = await ecrClient(context).send(
        new GetLifecyclePolicyCommand({ repositoryName: REPOSITORY }),
        {
          abortSignal: context.signal,
        },
      );
      const text = answer.lifecyclePolicyText ?? '';
      const problems = await describePolicyProblems(text);
      if (problems.length > 0)
        return { status: 'fail', messageId: 'invalid', data: { problems: problems.join('; ') } };
      const rules = (JSON.parse(text) as { rules: Array<{ selection: Record<string, unknown> }> }).rules;
      const summary = rules
        .map(({ selection }) =>
          selection.countType === 'imageCountMoreThan'
            ? `${selection.tagStatus}: höchstens ${selection.countNumber} Images`
            : `${selection.tagStatus}: nach ${selection.countNumber} Tagen löschen`,
        )
        .join(', ');
      return { status: 'pass', messageId: 'ok', data: { rules: rules.length, summary } };
    } catch (error) {
      const problem = awsProblem(error);
      if (problem.name === 'LifecyclePolicyNotFoundException')
        return { status: 'fail', messageId: 'missing' };
      return { status: 'fail', messageId: 'failed', data: { name: problem.name }, detail: problem.message };
    }
  },
});
