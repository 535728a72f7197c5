import { ACTION_VERBS, NOUN_FOLLOWERS } from './action-verbs';
import { sentencesOf, type NoteLine } from './note-text';

/** "Action:", "AI:", "Next steps:", "Homework:", "Note to self:", "Before we go:" - what follows is to be done. */
const ACTION_LABEL = new RegExp(
  '^(?:action(?: items?| points?)?|actions|ai|next(?: steps?)?|to-?dos?|todo(?:\\s*\\([^)]*\\))?|to do|still to do|' +
    'still need|need|follow-?ups?|homework|exercises?|practice|assignment|tomorrow|tonight|this week|next week|' +
    'for (?:next week|tomorrow|next time)|before [\\p{L}\' ]{1,24}|note to self|reminders?|.*\\bis me|' +
    '(?:to do|to-?dos?|todo)\\b.{0,20}|don[\'’]t forget|do not forget|remember)$',
  'iu',
);
/** A line that introduces a list of things to do: "Action items:", "Weekend to-dos", "Errands, Saturday:". */
const ACTION_SECTION =
  /\b(?:action items?|actions|next steps?|to-?dos?|todo|tasks|errands|checklist|due|follow-?ups?|still to do|to do|homework|before (?:the|we|you|i)\b|for next week)\b/i;
/** Labels of what is known or decided, not of what to do: "Lessons: schedule every minute…", "Phase 3: switch reads". */
const STATEMENT_LABEL =
  /\b(?:lessons?|takeaways?|ideas?|concepts?|decisions?|status|findings?|conclusions?|goals?|scope|risks?|tips?|advice|quotes?|rules?|principles?|habits?|method|results?|summary|example|hypothesis|objective|phase|stage|milestones?|roadmap|timeline|plan|agenda|feedback)\b/i;
/** "Remember to call mum", "Don't forget to…", "Please review…", "Let's schedule…". */
const LEAD =
  /^(?:remember to|remember(?= \S)(?! (?:when|that|how|the day|it)\b)|need(?! to\b)|remind me to|don['’]t forget to|do not forget to|don['’]t forget|let['’]s|please|must|should|need to|have to|(?:i|we) (?:also )?(?:still )?(?:need|have) to)\s+(.+)$/i;
/** "This week I need to…", "Tomorrow: finish…" - when, before what to do. */
const WHEN = /^(?:today|tonight|tomorrow|this week|next week|later|this weekend|on \p{L}+day),?\s+/iu;
/** A commitment in the first person: "I'll…", "we will…", "I'm going to…", "I want to…", "we should…". */
const COMMITMENT =
  /^(?:i|we)(?:['’]ll| will| shall| must| should| am going to|['’]m going to| are going to|['’]re going to| want to| plan to| intend to)\s+(.+)$/i;
/** The same inside a sentence, followed by an action verb: "By the 15th I must finish…", "Next I'll look at…". */
const INNER_COMMITMENT =
  /\b(?:i|we)(?:['’]ll| will| must| should|['’]m going to| am going to|['’]re going to| are going to| need to| have to| plan to)\s+(([\p{L}'’-]+).*)$/iu;
/** A promise made: "Promised to send him the job description". */
const PROMISE = /^(?:(?:i|we) )?(?:promised|offered) to\s+(([\p{L}'’-]+).*)$/iu;
/** "Lena to share the sheet", "@Jo will draft…", "Tom: send…", "Ben and Aiko to review…". */
const DELEGATION = /^@?(\p{Lu}[\p{L}'’-]*)(?: (?:and|&) @?\p{Lu}[\p{L}'’-]*)?(?:\s*:\s*| to | will | needs to | should )([\p{Ll}][\p{L}'’-]*)\b/u;
const NOT_NAMES = new Set([
  'the', 'this', 'that', 'it', 'we', 'they', 'she', 'he', 'everyone', 'nobody', 'someone', 'our', 'my', 'their',
  'his', 'her', 'a', 'an', 'next', 'then', 'moving', 'going', 'time', 'welcome', 'flights', 'status', 'phase',
  'decision', 'budget', 'risks', 'goal', 'scope', 'key', 'main', 'open', 'note', 'lessons', 'takeaway', 'i',
]);
/** A capitalised word that may be a person ("Lena"), not a sentence's first word ("Agreed", "Moving"). */
function isName(word: string): boolean {
  return !NOT_NAMES.has(word.toLowerCase()) && !(word.length > 4 && /(?:ed|ing|ly)$/.test(word));
}

/** Words that open a clause before the instruction: "If I get time, sketch…", "After that, merge…". */
const INTRO_CLAUSE = /^(?:(?:if|when|once|after|before|while)\b[^,]{1,60},|(?:then|also|and|after that|first|finally|afterwards)\b,?)\s+/i;

/** True when the sentence starts with an action verb used as a verb ("Book the room", not "Book notes:"). */
export function isImperative(sentence: string): boolean {
  const match = /^([\p{L}']+)(\S*)\s*([\p{L}']*)/u.exec(sentence.trim());
  if (!match) return false;
  const [, first, firstTail, second] = match;
  if (!ACTION_VERBS.has(first.toLowerCase()) || firstTail.startsWith('-') || firstTail.startsWith(':')) return false;
  return !NOUN_FOLLOWERS.has(second.toLowerCase());
}

/** The action in one clause of a sentence, or null: a lead phrase, a commitment, a delegation, an order. */
function actionOf(clause: string, orders = true): string | null {
  const text = clause.replace(INTRO_CLAUSE, '').replace(WHEN, '').trim();
  const lead = LEAD.exec(text);
  if (lead) return lead[1];
  const commitment = COMMITMENT.exec(text);
  if (commitment) return commitment[1];
  const inner = INNER_COMMITMENT.exec(text) ?? PROMISE.exec(text);
  if (inner && ACTION_VERBS.has(inner[2].toLowerCase())) return inner[1];
  const delegation = DELEGATION.exec(text);
  if (delegation && isName(delegation[1]) && ACTION_VERBS.has(delegation[2].toLowerCase())) return text;
  return orders && isImperative(text) ? text : null;
}

/** Splits "renew the passports, book the parking, and call Jo" into its clauses. */
function clausesOf(text: string): string[] {
  return text
    .split(/\s*[;,]\s+(?:and |then |and then )?|\s+then\s+/i)
    .map((part) => part.trim())
    .filter(Boolean);
}

/**
 * Everything after an action label ("Next steps: A, B", "To do this week - A and B") as items, each clause
 * its own; after another short label ("Admin I keep putting off: pay…"), the clauses when the first is an order.
 */
function labelled(sentence: string): string[] | null {
  const match = /^([^:]{1,40}):\s+(.+)$/u.exec(sentence) ?? /^(.{1,40}?)\s+[-–—]\s+(.+)$/u.exec(sentence);
  if (!match) return null;
  const label = match[1].trim();
  const clauses = clausesOf(match[2]);
  if (ACTION_LABEL.test(label)) return clauses.map((clause) => actionOf(clause) ?? clause);
  const short = label.split(/\s+/).length <= 6 && !STATEMENT_LABEL.test(label) && !isImperative(label);
  if (short && isImperative(clauses[0])) return clauses.map((clause) => actionOf(clause) ?? clause);
  return null;
}

function isSectionLabel(line: NoteLine): boolean {
  const words = line.text.split(/\s+/).length;
  const standalone = line.kind === 'heading' || /:$/.test(line.text) || line.index === 0;
  return standalone && words <= 7 && ACTION_SECTION.test(line.text);
}

/** Items of one sentence: after a label, the labelled clauses; else each clause that carries an action. */
function itemsOfSentence(sentence: string, orders: boolean): string[] {
  const afterLabel = labelled(sentence);
  if (afterLabel) return afterLabel;
  const whole = actionOf(sentence, orders);
  if (whole !== null) return [whole];
  // "Decision: go with B, Lina to fix contrast issues before handoff" - an action inside a longer sentence;
  // not a bare verb there ("I slept in, made pancakes, and read on the balcony"), unless set off by a dash
  // ("Might pitch it to the meetup - ask the organisers whether…").
  const [head, ...dashed] = sentence.split(/\s+[-–—]\s+/);
  const inner = clausesOf(head.replace(/^[^:]{1,40}:\s+/, ''))
    .slice(1)
    .map((clause) => actionOf(clause, false));
  const afterDash = dashed.map((part) => actionOf(part, orders));
  return [...inner, ...afterDash].filter((item): item is string => item !== null);
}

export interface FoundActionItem {
  text: string;
  /** The NoteLine index it was found on. */
  line: number;
}

/**
 * To-dos of a note, in order: open checkboxes (`- [ ] …`), what follows an action label anywhere in a line
 * ("Action: …", "Next steps: A, B", "AI: …"), the items of a list under an "Action items:" / "Weekend to-dos"
 * line, and sentences or clauses that start with an order ("Book the room"), a lead phrase ("remember to",
 * "please"), a first-person commitment ("I'll", "we should") or a named person's task ("Lena to share",
 * "@Jo will draft"). Ticked checkboxes are done, so they are not action items. Each comes with the line it was found on.
 */
export function findActionItems(lines: readonly NoteLine[]): FoundActionItem[] {
  const found: FoundActionItem[] = [];
  let inSection = false;
  // A list under "Milestones" or "Main lessons:" states things; "Build…" or "Make it obvious" there is no order.
  let inOtherList = false;
  for (const line of lines) {
    const items: string[] = [];
    if (line.startsBlock && line.kind !== 'bullet' && line.kind !== 'todo') inSection = inOtherList = false;
    if (line.kind === 'done') continue;
    if (line.kind === 'todo') {
      items.push(line.text);
    } else if (isSectionLabel(line)) {
      inSection = true;
      items.push(...(labelled(line.text) ?? []));
    } else if (inSection && line.kind === 'bullet') {
      items.push(line.text);
    } else {
      if (line.kind === 'heading' || /:$/.test(line.text)) inOtherList = true;
      const orders = !(inOtherList && line.kind === 'bullet');
      if (line.kind !== 'heading') for (const sentence of sentencesOf(line.text)) items.push(...itemsOfSentence(sentence, orders));
    }
    for (const item of items) {
      const text = item.trim().replace(/[.;,:]+$/, '');
      if (text) found.push({ text, line: line.index });
    }
  }
  return found;
}
