export interface ContentSplit {
  /** What the model sees: at most `maxChars`, ending at a paragraph boundary where there is one. */
  head: string;
  /** The whitespace at the cut. */
  separator: string;
  /** The rest, exactly as written (empty when everything fits). */
  tail: string;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/**
 * Cuts long content for the model. The cut goes at the last blank line before `maxChars` that is not inside
 * fenced code; failing that, the last line break; failing that, the last space; failing that, at `maxChars`
 * (never between the halves of a surrogate pair). `head + separator + tail` is the whole content: nothing is
 * dropped, the separator being the whitespace at the cut.
 */
export function splitForModel(content: string, maxChars: number): ContentSplit {
  if (content.length <= maxChars) return { head: content, tail: '', separator: '' };
  const window = content.slice(0, maxChars + 1);
  const cut = lastParagraphBreak(window) ?? lastMatch(window, /\n/g) ?? lastMatch(window, /\s/g) ?? safeHardCut(content, maxChars);
  const headEnd = cut;
  let tailStart = cut;
  while (tailStart < content.length && /\s/.test(content[tailStart])) tailStart++;
  return { head: content.slice(0, headEnd), separator: content.slice(headEnd, tailStart), tail: content.slice(tailStart) };
}

/** Index of the last blank-line break in `text` outside fenced code, or null. */
function lastParagraphBreak(text: string): number | null {
  let best: number | null = null;
  let offset = 0;
  let inFence: string | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (inFence !== null) {
      if (fence && fence[1][0] === inFence[0] && fence[1].length >= inFence.length) inFence = null;
    } else if (fence) {
      inFence = fence[1];
    } else if (line.trim() === '' && offset > 0 && i < lines.length - 1) {
      // The break sits at the end of the previous line (the newline before this blank line).
      best = offset - 1;
    }
    offset += line.length + 1;
  }
  return best !== null && best > 0 ? best : null;
}

function lastMatch(text: string, pattern: RegExp): number | null {
  let last: number | null = null;
  for (const match of text.matchAll(pattern)) if (match.index > 0) last = match.index;
  return last;
}

function safeHardCut(content: string, maxChars: number): number {
  const code = content.charCodeAt(maxChars - 1);
  return code >= 0xd800 && code <= 0xdbff ? maxChars - 1 : maxChars;
}
