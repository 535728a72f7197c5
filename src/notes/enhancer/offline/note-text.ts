export type NoteLineKind = 'heading' | 'todo' | 'done' | 'bullet' | 'text';

/** One non-blank line of a note outside fenced code, with its Markdown markers removed. */
export interface NoteLine {
  kind: NoteLineKind;
  text: string;
  /** Index among the note's non-blank lines; 0 is the first. */
  index: number;
  /** True when a blank line (or the start) comes right before it. */
  startsBlock: boolean;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const TASK = /^\s*(?:[-*+•]\s+|\d{1,9}[.)]\s+)?\[([ xX])\]\s+(.*)$/;
const BULLET = /^\s*(?:[-*+•·▪‣◦]|\d{1,9}[.)])\s+(.*)$/;

/** Removes inline Markdown: links keep their text, images their alt text, URLs and HTML tags go. */
export function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>\n]+>/g, ' ')
    .replace(/\bhttps?:\/\/\S+/gi, ' ')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[\s(])[*_](?=\S)|(?<=\S)[*_](?=[\s).,;:!?]|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The note's non-blank lines outside fenced code, classified and stripped of markers. */
export function noteLines(markdown: string): NoteLine[] {
  const out: NoteLine[] = [];
  let fence: string | null = null;
  let afterBlank = true;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = FENCE.exec(raw);
    if (fence !== null) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      afterBlank = true;
      continue;
    }
    if (raw.trim() === '') {
      afterBlank = true;
      continue;
    }
    const line = classify(raw);
    if (line.text) out.push({ ...line, index: out.length, startsBlock: afterBlank });
    afterBlank = false;
  }
  return out;
}

function classify(raw: string): { kind: NoteLineKind; text: string } {
  const heading = HEADING.exec(raw);
  if (heading) return { kind: 'heading', text: stripInline(heading[1]) };
  const task = TASK.exec(raw);
  if (task) return { kind: task[1] === ' ' ? 'todo' : 'done', text: stripInline(task[2]) };
  const bullet = BULLET.exec(raw);
  if (bullet) return { kind: 'bullet', text: stripInline(bullet[1]) };
  return { kind: 'text', text: stripInline(raw) };
}

/**
 * Splits text into sentences at ., ! or ? followed by a space and a capital, digit or quote. Abbreviations
 * like "e.g. the" stay whole because the next word is lower-case.
 */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?…]["')\]]?)\s+(?=["'([]?[\p{Lu}\p{N}])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Words of a text (letters and digits, inner apostrophes and hyphens kept), as written. */
export function wordsOf(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}
