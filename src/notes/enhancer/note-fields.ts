import {
  LIST_ITEM_MAX_CHARS,
  LIST_MAX_ITEMS,
  SUMMARY_MAX_CHARS,
  TAGS_MAX,
  TAGS_MIN,
  TITLE_MAX_CHARS,
  type NoteType,
} from './enhancement';

const TAG_MAX_CHARS = 40;
/** Tags used to reach TAGS_MIN when the text offers too few keywords; none of them is a note type. */
const FILLER_TAGS = ['note', 'inbox', 'unsorted'];

/**
 * Lower-case, words joined by single hyphens, letters (any script) and digits only: "Machine Learning" →
 * "machine-learning", "C++ / Rust" → "c-rust". Empty when nothing usable is left.
 */
export function normaliseTag(raw: string): string {
  const lower = raw.normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of lower) {
    // Keep only characters that are already lower-case (some capitals have no lower-case form).
    out += /[\p{L}\p{M}\p{N}]/u.test(ch) && ch === ch.toLowerCase() ? ch : '-';
  }
  out = out.replace(/-+/g, '-').replace(/^-|-$/g, '');
  if (out.length <= TAG_MAX_CHARS) return out;
  return out.slice(0, TAG_MAX_CHARS).replace(/-[^-]*$/, '') || out.slice(0, TAG_MAX_CHARS);
}

/**
 * The final tag list: the user's tags first (they always win, up to TAGS_MAX), then the proposals, then the
 * note type and fillers until there are TAGS_MIN. Distinct, in that order.
 */
export function mergeTags(userTags: readonly string[] | undefined, proposed: readonly string[], type: NoteType): string[] {
  const out: string[] = [];
  const add = (raw: string) => {
    const tag = normaliseTag(raw);
    if (tag && !out.includes(tag) && out.length < TAGS_MAX) out.push(tag);
  };
  const given = (userTags ?? []).map(normaliseTag).filter(Boolean);
  given.forEach(add);
  if (given.length === 0) proposed.forEach(add);
  else for (const tag of proposed) if (out.length < TAGS_MIN) add(tag);
  for (const tag of [type, ...FILLER_TAGS]) if (out.length < TAGS_MIN) add(tag);
  return out;
}

/**
 * Collapses whitespace and cuts to `max` UTF-16 units at a word boundary, ending with "…" when cut. Never
 * leaves half a surrogate pair.
 */
export function clampText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.5) cut = cut.slice(0, space);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

export const clampTitle = (text: string): string => clampText(text, TITLE_MAX_CHARS);
export const clampSummary = (text: string): string => clampText(text, SUMMARY_MAX_CHARS);

/** Trimmed, non-empty, distinct (ignoring case), each clamped, at most LIST_MAX_ITEMS. */
export function cleanList(items: readonly string[], maxItems = LIST_MAX_ITEMS): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const text = clampText(item, LIST_ITEM_MAX_CHARS);
    const key = text.toLowerCase();
    if (!text || seen.has(key)) continue;
    seen.add(key);
    out.push(text);
    if (out.length >= maxItems) break;
  }
  return out;
}
