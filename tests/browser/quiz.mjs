// Shared by the learning and certificate journeys: the curriculum files, answering a question
// right through its form controls, and the axe-core check of a page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { seriousViolations } from './harness.mjs';

const CONTENT = new URL('../../content/modules/', import.meta.url);
export const readQuiz = (module) => parse(readFileSync(new URL(`${module}/quiz.toml`, CONTENT), 'utf8'));
export const readModule = (module) => parse(readFileSync(new URL(`${module}/module.toml`, CONTENT), 'utf8'));
const normal = (text) => text.replace(/\s+/g, ' ').trim();

export async function axe(page, label) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${label}: axe found serious or critical issues`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const wide = overflow > 1 ? await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)) : [];
  assert.ok(overflow <= 1, `${label}: the page scrolls sideways by ${overflow}px (${wide.join(', ')})`);
}

/** Fills in the right answer of the question on the page, by keyboard-reachable form controls. */
export async function answer(page, quiz) {
  const form = page.locator('form.quiz-form');
  const legend = form.locator('legend');
  const shown = normal(await ((await legend.count()) ? legend : form.locator('.question-text')).first().innerText());
  const question = quiz.questions.find((q) => normal(q.text) === shown);
  assert.ok(question, `question on the page not found in quiz.toml: ${shown}`);
  const field = (name) => form.getByLabel(name, { exact: true });
  switch (question.type) {
    case 'single':
    case 'multiple':
      for (const option of question.options.filter((o) => o.correct)) await field(option.text).check();
      break;
    case 'true_false':
      await field(question.answer ? 'Richtig' : 'Falsch').check();
      break;
    case 'ordering':
      for (const [index, item] of question.items.entries()) await field(item).selectOption(String(index + 1));
      break;
    case 'matching':
      for (const pair of question.pairs) await field(pair.left).selectOption({ label: pair.right });
      break;
    case 'short_text':
      await form.locator('#answer-text').fill(question.accepted[0]);
      break;
    case 'numeric':
      await form.locator('#answer-text').fill(String(question.answer).replace('.', ','));
      break;
    default:
      assert.fail(`unknown question type ${question.type}`);
  }
  return question.type;
}

