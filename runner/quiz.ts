import type { Quiz } from './model.ts';
import type { Ui } from './terminal.ts';

/** Markdown of a quiz, readable in a terminal: emphasis marks dropped, code kept in backticks. */
function plain(markdown: string): string {
  return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/^```\w*\n?/gm, '');
}

/**
 * A Wissensfrage: the question, time to think (or type), the lesson's answer, then a self-rating.
 * Returns the rating, or 'quit' when the learner stops.
 */
export async function askQuiz(ui: Ui, quiz: Quiz): Promise<1 | 2 | 3 | 'quit'> {
  const c = ui.color;
  ui.out(`\n${c.magenta(quiz.title)}\n${plain(quiz.question)}\n`);
  const thought = await ui.ask(
    c.dim('Denk kurz nach oder tippe deine Antwort; Enter zeigt die Antwort der Lektion (q = beenden): '),
  );
  if (thought === null || thought.trim().toLowerCase() === 'q') return 'quit';
  ui.out(`\n${c.bold('Antwort:')}\n${plain(quiz.answer)}\n\n`);
  for (;;) {
    const rating = await ui.ask(
      `Wie gut wusstest du es? ${c.dim('[1 = noch unsicher · 2 = teilweise · 3 = sicher]')} `,
    );
    if (rating === null) return 'quit';
    const value = Number(rating.trim());
    if (value === 1 || value === 2 || value === 3) return value;
  }
}
