const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const BULLET = /^(\s*)[*+•·▪‣◦]\s+(?=\S)/;
const ORDERED_PAREN = /^(\s*)(\d{1,9})\)\s+(?=\S)/;
const TIGHT_HEADING = /^(#{2,6})(?=[^\s#])/;
const HEADING = /^\s{0,3}#{1,6}\s/;
const THEMATIC_BREAK = /^\s{0,3}([*_-])(?:\s*\1){2,}\s*$/;

/**
 * Light, lossless tidying of Markdown: line endings, odd spaces, trailing blanks, runs of blank lines,
 * bullet markers (`*`, `+`, `•` → `-`), `1)` → `1.`, `##Heading` → `## Heading`, a blank line before headings.
 * Only whitespace and markers change: every word stays, in order. Fenced code is left exactly as written
 * (a single `#Word` is left alone too: it is more often a hashtag than a heading).
 */
export function cleanMarkdown(content: string): string {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let fence: string | null = null;
  for (const raw of lines) {
    const fenceMatch = FENCE.exec(raw);
    if (fence !== null) {
      out.push(raw);
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      pushBlankBefore(out);
      out.push(raw.trimEnd());
      continue;
    }
    let line = raw.replace(/[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g, ' ').trimEnd();
    if (!THEMATIC_BREAK.test(line)) line = line.replace(BULLET, '$1- ').replace(ORDERED_PAREN, '$1$2. ').replace(TIGHT_HEADING, '$1 ');
    if (HEADING.test(line)) pushBlankBefore(out);
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

function pushBlankBefore(out: string[]): void {
  if (out.length > 0 && out[out.length - 1] !== '') out.push('');
}
