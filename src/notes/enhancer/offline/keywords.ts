import keywordExtractor from 'keyword-extractor';
import type { NoteLine } from './note-text';
import { wordsOf } from './note-text';

/** Words that are frequent in notes but make poor tags (dates, filler, the vocabulary of note-taking). */
const NOTE_STOPWORDS = [
  'note', 'notes', 'today', 'tomorrow', 'yesterday', 'tonight', 'week', 'weeks', 'month', 'months', 'year', 'years',
  'day', 'days', 'time', 'times', 'thing', 'things', 'stuff', 'lot', 'lots', 'good', 'bad', 'great', 'new', 'next',
  'last', 'first', 'second', 'third', 'one', 'two', 'three', 'four', 'five', 'ten', 'make', 'made', 'get', 'got',
  'need', 'needs', 'want', 'wants', 'wanted', 'like', 'really', 'going', 'done', 'etc', 'via', 'per', 'item',
  'items', 'action', 'idea', 'ideas', 'think', 'thinks', 'thought', 'said', 'says', 'keep', 'kept', 'start',
  'starts', 'end', 'ends', 'bit', 'way', 'ways', 'yes', 'maybe', 'todo', 'still', 'since', 'monday', 'tuesday',
  'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may',
  'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'morning', 'evening', 'afternoon', 'am', 'pm', 'feel', 'feels',
  'felt', 'woke', 'went', 'came', 'saw', 'told', 'turn', 'turns', 'brought', 'try', 'tries', 'wrote', 'took',
];
const STOPWORDS = [...keywordExtractor.getStopwords({ language: 'en' }), ...NOTE_STOPWORDS];
const STOPWORD_SET = new Set(STOPWORDS);
/** Sentence and clause boundaries: a phrase never spans them. */
const SEGMENT_BREAK = /[.,;:!?()[\]{}"“”|/\\]+|\s[-–—]+\s/;

export interface Keyword {
  /** Lower-case words, a single space between them. */
  key: string;
  /** As first written. */
  surface: string;
  score: number;
  /** Order of first appearance. */
  first: number;
}

interface Tally {
  surface: string;
  count: number;
  bonus: number;
  first: number;
  words: number;
}

/**
 * Keywords of a note, best first. keyword-extractor drops stop words and returns the runs of words between
 * them; runs give single words and two-word phrases. A word scores its frequency (a plural merged into its
 * singular when both occur), a phrase 1.5 × its frequency and counts only when repeated or in the first line;
 * both gain when they appear in the first line or a heading. Ties: earlier first, then alphabetical.
 */
export function rankKeywords(lines: readonly NoteLine[], extraTitle?: string): Keyword[] {
  const tallies = new Map<string, Tally>();
  let position = 0;
  const visit = (text: string, bonus: number) => {
    for (const segment of text.split(SEGMENT_BREAK)) {
      const runs = keywordExtractor.extract(segment, {
        language: 'en',
        stopwords: STOPWORDS,
        return_chained_words: true,
        return_changed_case: false,
        remove_digits: true,
        remove_duplicates: false,
      });
      for (const run of runs) {
        let previous: string | null = null;
        for (const surface of wordsOf(run)) {
          const word = surface.toLowerCase();
          if (!isKeywordWord(word)) {
            previous = null;
            continue;
          }
          count(tallies, word, surface, bonus, position++, 1);
          if (previous) count(tallies, `${previous.toLowerCase()} ${word}`, `${previous} ${surface}`, bonus, position++, 2);
          previous = surface;
        }
      }
    }
  };
  if (extraTitle) visit(extraTitle, 1.5);
  for (const line of lines) visit(line.text, line.index === 0 ? 1.5 : line.kind === 'heading' ? 0.5 : 0);

  mergePlurals(tallies);
  const out: Keyword[] = [];
  for (const [key, t] of tallies) {
    if (t.words === 2) {
      if (t.count < 2) continue;
      out.push({ key, surface: t.surface, score: 1.5 * t.count + t.bonus, first: t.first });
    } else {
      out.push({ key, surface: t.surface, score: t.count + t.bonus, first: t.first });
    }
  }
  return out.sort((a, b) => b.score - a.score || a.first - b.first || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Up to `max` keywords that say something new: a word already inside a chosen phrase, or a phrase whose
 * words are all chosen, is skipped.
 */
export function pickDistinct(keywords: readonly Keyword[], max: number, minScore = 0): Keyword[] {
  const picked: Keyword[] = [];
  const covered = new Set<string>();
  for (const keyword of keywords) {
    if (picked.length >= max) break;
    if (keyword.score < minScore) break;
    const words = keyword.key.split(' ');
    if (words.every((w) => covered.has(w))) continue;
    picked.push(keyword);
    words.forEach((w) => covered.add(w));
  }
  return picked;
}

/** Three letters or more, no digits, not a stop word, not a past tense ("walked", "discussed"). */
function isKeywordWord(word: string): boolean {
  if (word.length < 3 || /\d/.test(word) || !/\p{L}/u.test(word) || STOPWORD_SET.has(word)) return false;
  return !(word.length >= 5 && word.endsWith('ed') && !word.endsWith('eed'));
}

function count(tallies: Map<string, Tally>, key: string, surface: string, bonus: number, position: number, words: number) {
  const tally = tallies.get(key);
  if (tally) {
    tally.count += 1;
    tally.bonus = Math.max(tally.bonus, bonus);
  } else {
    tallies.set(key, { surface, count: 1, bonus, first: position, words });
  }
}

/**
 * "budget" and "budgets" become one keyword when both occur, under the more frequent form (the singular on a
 * tie); a form that stands alone stays as written.
 */
function mergePlurals(tallies: Map<string, Tally>): void {
  for (const [plural, many] of [...tallies]) {
    const singular = plural.endsWith('ies') ? `${plural.slice(0, -3)}y` : plural.endsWith('s') && !plural.endsWith('ss') ? plural.slice(0, -1) : null;
    const one = singular ? tallies.get(singular) : undefined;
    if (!singular || !one || one === many) continue;
    const [keep, keepKey, drop, dropKey] = many.count > one.count ? [many, plural, one, singular] : [one, singular, many, plural];
    keep.count += drop.count;
    keep.bonus = Math.max(keep.bonus, drop.bonus);
    keep.first = Math.min(keep.first, drop.first);
    tallies.delete(dropKey);
    tallies.set(keepKey, keep);
  }
}
