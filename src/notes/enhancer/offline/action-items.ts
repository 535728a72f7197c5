import { sentencesOf, type NoteLine } from './note-text';

/** Verbs that start an instruction to oneself ("Email Jonas the NDA", "Book the room"). */
const IMPERATIVE_VERBS = new Set([
  'add', 'arrange', 'ask', 'book', 'buy', 'call', 'cancel', 'chase', 'check', 'clean', 'collect', 'confirm',
  'contact', 'create', 'deploy', 'download', 'draft', 'email', 'file', 'finish', 'fix', 'follow', 'invite',
  'message', 'order', 'organise', 'organize', 'pay', 'pick', 'prepare', 'print', 'register', 'remind', 'renew',
  'reply', 'reschedule', 'return', 'review', 'schedule', 'send', 'share', 'sign', 'submit', 'text', 'update',
  'upload', 'write',
]);
/** Phrases that turn what follows into a to-do ("remember to call mum" → "call mum"). */
const TODO_LEAD = /^(?:remember to|don['’]t forget to|do not forget to|(?:i |we )?(?:need|have) to|(?:i |we )?must|(?:i |we )?should)\s+(.+)$/i;
const TODO_PREFIX = /^(?:todo|to-?do|action(?: item)?|next step)s?\s*[:\-–]\s*(.+)$/i;
const ACTION_SECTION = /^(?:action items?|actions|next steps?|to-?dos?|follow-?ups?)\b[^:]*:?$/i;

/** True when the sentence starts with an imperative verb of IMPERATIVE_VERBS. */
export function isImperative(sentence: string): boolean {
  const first = /^[\p{L}']+/u.exec(sentence.trim())?.[0]?.toLowerCase();
  return first !== undefined && IMPERATIVE_VERBS.has(first);
}

/**
 * To-dos of a note, in order: open checkboxes (`- [ ] …`), `TODO: …` / `Action: …` lines, the items of an
 * "Action items:" or "Next steps:" block, and sentences that start with an imperative verb or "remember to",
 * "need to", "must". Ticked checkboxes are done, so they are not action items.
 */
export function extractActionItems(lines: readonly NoteLine[]): string[] {
  const items: string[] = [];
  let inSection = false;
  for (const line of lines) {
    if (line.startsBlock && line.kind !== 'bullet' && line.kind !== 'todo') inSection = false;
    if (line.kind === 'done') continue;
    if (line.kind === 'todo') {
      items.push(line.text);
      continue;
    }
    const prefixed = TODO_PREFIX.exec(line.text);
    if (prefixed) {
      items.push(prefixed[1]);
      continue;
    }
    if (ACTION_SECTION.test(line.text)) {
      inSection = true;
      continue;
    }
    if (inSection && line.kind === 'bullet') {
      items.push(line.text);
      continue;
    }
    if (line.kind === 'heading') continue;
    for (const sentence of sentencesOf(line.text)) {
      const lead = TODO_LEAD.exec(sentence);
      if (lead) items.push(lead[1]);
      else if (isImperative(sentence)) items.push(sentence);
    }
  }
  return items.map((item) => item.trim().replace(/[.;,]+$/, '')).filter(Boolean);
}
