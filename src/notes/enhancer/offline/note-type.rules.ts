import { NOTE_TYPES, type NoteType } from '../enhancement';
import { isImperative, type FoundActionItem } from './action-items';
import type { NoteLine } from './note-text';

type Signal = readonly [pattern: RegExp, weight: number];

const DAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|eod|end of (?:the )?(?:day|week|month))';

/**
 * Words and phrases that point to a type, with weights (3 strong, 2 clear, 1 a hint). Matched on lower-cased
 * text; each signal counts at most three times, and once more when it appears in the first line.
 */
const SIGNALS: Record<NoteType, readonly Signal[]> = {
  meeting: [
    [/\bmeetings?\b/, 3], [/\battendees?\b/, 3], [/\bagenda\b/, 3], [/\bstand-?ups?\b/, 3],
    [/\bretro(?:spective)?\b/, 3], [/\b1:1\b|\bone-on-one\b/, 3], [/\bmeeting minutes\b/, 3], [/^present:/m, 3],
    [/\bcall with\b/, 3], [/\b(?:met|meeting|catch-?up|chat) with\b/, 4], [/\bsync\b/, 1], [/\bdiscussed\b/, 2], [/\bagreed\b/, 2], [/\baction items?\b/, 2],
    [/\bnext (?:call|meeting|sync|standup)\b/, 2], [/\bfacilitator\b/, 2], [/\bdecisions?\b/, 1],
    [/\bkick-?off\b/, 2], [/\bwalked through\b/, 1],
  ],
  project: [
    [/\bprojects?\b/, 3], [/\bmilestones?\b/, 3], [/\broadmap\b/, 3], [/\bdeliverables?\b/, 3], [/\bscope\b/, 2],
    [/\bphase\b/, 2], [/\bstakeholders?\b/, 2], [/\btimeline\b/, 2], [/\bstatus\b/, 2], [/\blaunch\b/, 2],
    [/\brisks?\b/, 2], [/\bblockers?\b/, 2], [/\bowner:/, 2], [/\bdependenc(?:y|ies)\b/, 2], [/\bon track\b/, 2],
    [/\bin progress\b/, 2], [/\bbudget\b/, 1], [/\bdeadline\b/, 1], [/\brequirements\b/, 2], [/\bplan\b/, 1],
    [/\bq[1-4]\b/, 1], [/\bmigration\b/, 1], [/\brenovation\b/, 2], [/\bredesign\b/, 1], [/\bcontractor\b/, 1],
  ],
  task: [
    [/\btodo\b|\bto-do\b/, 3], [/\btasks?\b/, 2], [/\bchecklist\b/, 3], [/\bdue\b/, 2], [new RegExp(`\\b(?:by|before) ${DAY}\\b`), 2],
    [/\bfollow-?ups?\b/, 2], [/\berrands?\b/, 2], [/\bremember to\b|\bdon['’]t forget\b/, 1], [/\bremind me to\b/, 3], [/\b(?:must|have to)\b/, 1],
  ],
  research: [
    [/\bresearch\b/, 3], [/\bhypothes[ie]s\b/, 3], [/\bfindings?\b/, 3], [/\bliterature\b/, 3],
    [/\bmeta-analysis\b/, 3], [/\bpapers?\b/, 2], [/\bstud(?:y|ies)\b/, 2], [/\bbenchmarks?\b/, 2],
    [/\bevidence\b/, 2], [/\bexperiments?\b/, 2], [/\bsurvey\b/, 2], [/\banalysis\b/, 2], [/\bsources?\b/, 2],
    [/\bcompar(?:e|ed|es|ing|ison)\b/, 2], [/\bmethod(?:ology)?\b/, 2], [/\bparticipants\b/, 2],
    [/\bn\s?=\s?\d/, 2], [/\bconclusions?\b/, 2], [/\blimitations\b/, 2], [/\bopen questions?\b/, 2],
    [/\bsynthesis\b/, 2], [/\bdata\b/, 1], [/\bresults?\b/, 1], [/\bevaluat(?:e|ed|ion)\b/, 1], [/\binterviews\b/, 1],
    [/\bp\d{2}\b/, 1],
  ],
  learning: [
    [/\btoday i learned\b|\btil\b/, 3], [/\bcourse\b/, 3], [/\btutorial\b/, 3], [/\blessons?\b/, 3],
    [/\bchapter\b/, 3], [/\bbook notes\b/, 3], [/\blectures?\b/, 3], [/\blearn(?:ed|t|ing)?\b/, 2],
    [/\bmodule\b/, 2], [/\bpractice\b/, 2], [/\bexercises?\b/, 2], [/\bquiz\b/, 2], [/\bvocabulary\b/, 2],
    [/\btakeaways?\b/, 2], [/\bflashcards?\b/, 2], [/\bkey concepts?\b/, 2], [/\bconcepts?\b/, 1],
    [/\bunderstand\b/, 1], [/\bnotes on\b/, 1],
  ],
  idea: [
    [/\bideas?\b/, 3], [/\bbrainstorm(?:ing)?\b/, 3], [/\bwhat if\b/, 3], [/\bimagine\b/, 2],
    [/\bwould be (?:cool|nice|great)\b/, 2], [/\bcould\b/, 1], [/\bmaybe\b/, 1], [/\bmight\b/, 1], [/\bpitch\b/, 1],
    [/\balternative(?:ly)?\b/, 1], [/\bwild\b/, 1], [/\bpossible\b/, 1], [/\bangle\b/, 1], [/\bprototype\b/, 1],
  ],
  journal: [
    [/\bdear diary\b/, 3], [/\bjournal\b/, 3], [/\bgrateful\b|\bgratitude\b/, 3], [/\bmood\b/, 3],
    [/\bi (?:feel|felt)\b|\bfeeling\b/, 2], [/\breflection\b/, 2], [/\btoday (?:was|felt)\b/, 2], [/\btonight\b/, 1],
    [/\bthis morning\b/, 2], [/\bwoke up\b/, 2], [/\b(?:rough|good|long|hard) day\b/, 2], [/\bhappy\b/, 1],
    [/\btired\b/, 1], [/\b(?:sad|anxious|stress(?:ed)?|calm(?:er)?|hopeful|proud)\b/, 1],
  ],
  personal: [
    [/\bfamily\b/, 2], [/\bbirthday\b/, 2], [/\bdoctor\b/, 2], [/\bdentist\b/, 2], [/\bgroceries\b/, 2],
    [/\bvacation\b|\bholidays?\b/, 2], [/\bapartment\b|\blandlord\b|\blease\b|\brent\b/, 2], [/\bhealth\b/, 2],
    [/\brecipes?\b/, 2], [/\bappointment\b/, 2],
    [/\b(?:mum|mom|dad|mother|father|sister|brother|wife|husband|partner|kids?|son|daughter|grandma|grandpa)\b/, 1],
    [/\b(?:cousin|aunt|uncle|niece|nephew|wedding)\b/, 1],
    [/\bdinner\b/, 1], [/\bgym\b/, 1], [/\bweekend\b/, 1], [/\bfriends?\b/, 1], [/\bhome\b/, 1], [/\bflights?\b/, 1],
    [/\btrip\b/, 1], [/\bmoving\b/, 1],
  ],
};

const COMPILED = NOTE_TYPES.map(
  (type) => [type, SIGNALS[type].map(([pattern, weight]) => [pattern, new RegExp(pattern.source, `${pattern.flags}g`), weight] as const)] as const,
);

export interface TypeGuess {
  type: NoteType;
  /** Score of the chosen type. */
  score: number;
  /** How far ahead of the runner-up it is. */
  margin: number;
}

/**
 * The type whose signals score highest; ties go to the earlier of NOTE_TYPES; no signal at all → personal.
 * `actions` are the note's action items (findActionItems), when known: a note made of them is a task list.
 */
export function classifyNoteType(lines: readonly NoteLine[], actions: readonly FoundActionItem[] = []): TypeGuess {
  const body = lines.map((l) => l.text).join('\n').toLowerCase();
  const headline = (lines[0]?.text ?? '').toLowerCase();
  const scores = new Map<NoteType, number>(NOTE_TYPES.map((t) => [t, 0]));
  for (const [type, signals] of COMPILED) {
    let score = 0;
    for (const [pattern, global, weight] of signals) {
      const count = Math.min(3, body.match(global)?.length ?? 0);
      score += count * weight + (pattern.test(headline) ? weight : 0);
    }
    scores.set(type, score);
  }
  scores.set('task', scores.get('task')! + structureScoreForTask(lines, actions));
  scores.set('journal', scores.get('journal')! + firstPersonScore(body, lines));

  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1] || NOTE_TYPES.indexOf(a[0]) - NOTE_TYPES.indexOf(b[0]));
  const [[best, top], [, second]] = ranked;
  if (top === 0) return { type: 'personal', score: 0, margin: 0 };
  return { type: best, score: top, margin: top - second };
}

/** Notes made mostly of checkboxes or instructions are task lists. */
function structureScoreForTask(lines: readonly NoteLine[], actions: readonly FoundActionItem[]): number {
  if (lines.length === 0) return 0;
  const boxes = lines.filter((l) => l.kind === 'todo' || l.kind === 'done').length;
  const orders = lines.filter((l) => l.kind !== 'heading' && isImperative(l.text)).length;
  // Lines that each hold something to do ("Admin I keep putting off: pay the fine and…").
  const todo = new Set(actions.map((a) => a.line)).size;
  return (boxes / lines.length >= 0.4 ? 5 : boxes > 0 ? 2 : 0) + (orders / lines.length >= 0.5 || todo / lines.length >= 0.67 ? 4 : 0);
}

/** Writing about oneself in the first person, without a to-do list, reads as a journal. */
function firstPersonScore(body: string, lines: readonly NoteLine[]): number {
  if (lines.some((l) => l.kind === 'todo')) return 0;
  const words = body.split(/\s+/).filter(Boolean).length;
  if (words === 0) return 0;
  const mine = body.match(/\b(?:i|i'm|i’m|i've|i’ve|me|my|myself)\b/g)?.length ?? 0;
  const density = mine / words;
  return density >= 0.08 ? 4 : density >= 0.05 ? 2 : 0;
}
