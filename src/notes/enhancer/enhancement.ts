/** The eight kinds of note; the order is the tie-break order of the offline rules. */
export const NOTE_TYPES = ['meeting', 'project', 'task', 'research', 'learning', 'idea', 'journal', 'personal'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

/**
 * What an enhancement works on. `all` and `structure` rewrite the content as well; `tags` and `summary` leave
 * the content as given and only (re)derive the metadata.
 */
export const ENHANCE_MODES = ['all', 'structure', 'tags', 'summary'] as const;
export type EnhanceMode = (typeof ENHANCE_MODES)[number];

export const TITLE_MAX_CHARS = 80;
export const SUMMARY_MAX_CHARS = 200;
export const TAGS_MIN = 3;
export const TAGS_MAX = 5;
export const LIST_MAX_ITEMS = 20;
export const LIST_ITEM_MAX_CHARS = 200;

export interface EnhanceInput {
  /** Raw note text (Markdown or plain). */
  content: string;
  /** User-given fields win over whatever an enhancer proposes. */
  title?: string;
  type?: NoteType;
  tags?: string[];
  mode?: EnhanceMode;
}

export type EnhancerName = 'openai' | 'offline';

export interface Enhancement {
  /** At most TITLE_MAX_CHARS when proposed; a user-given title is kept as given (trimmed). */
  title: string;
  /** Markdown. Never loses text: see OpenAiLlmEnhancer for what happens with content over the input limit. */
  content: string;
  type: NoteType;
  /** TAGS_MIN..TAGS_MAX distinct tags, lower-case, words joined by hyphens. */
  tags: string[];
  /** At most SUMMARY_MAX_CHARS. */
  summary: string;
  keyTopics: string[];
  actionItems: string[];
  /** One scale across enhancers: offline 0.1-0.45, LLM 0.5-1. */
  confidence: number;
  enhancer: EnhancerName;
  /** The model that answered (LLM enhancements only). */
  model?: string;
  /** True when the LLM saw only the head of the content (LLM_MAX_INPUT_CHARS). */
  truncated: boolean;
  /** Set when the LLM was asked and failed, so the offline enhancer answered: a short code, never a message. */
  fallbackReason?: string;
}

export function isNoteType(value: unknown): value is NoteType {
  return typeof value === 'string' && (NOTE_TYPES as readonly string[]).includes(value);
}
