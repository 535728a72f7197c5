import { Injectable } from '@nestjs/common';
import { SUMMARY_MAX_CHARS, TAGS_MAX, type EnhanceInput, type Enhancement, type NoteType } from './enhancement';
import { LlmEnhancer } from './llm-enhancer';
import { clampSummary, clampText, clampTitle, cleanList, mergeTags, normaliseTag } from './note-fields';
import { findActionItems } from './offline/action-items';
import { pickDistinct, rankKeywords } from './offline/keywords';
import { cleanMarkdown } from './offline/markdown-cleaner';
import { noteLines, sentencesOf, type NoteLine } from './offline/note-text';
import { classifyNoteType } from './offline/note-type.rules';

const UNTITLED = 'Untitled note';
const KEY_TOPICS_MAX = 5;

/**
 * Deterministic enhancement without a network: the same input always gives the same output. Used when no
 * LLM is configured and as the LLM's fallback. Its confidence (0.1-0.45) stays below any LLM answer's.
 */
@Injectable()
export class OfflineEnhancer extends LlmEnhancer {
  async enhance(input: EnhanceInput): Promise<Enhancement> {
    return this.enhanceNow(input);
  }

  /** The same as `enhance`, synchronously (the LLM adapter uses it to fall back). */
  enhanceNow(input: EnhanceInput): Enhancement {
    const mode = input.mode ?? 'all';
    const lines = noteLines(input.content);
    const givenTitle = input.title?.trim() || undefined;
    const actions = findActionItems(lines);
    const guess = classifyNoteType(lines, actions);
    const type: NoteType = input.type ?? guess.type;
    const keywords = rankKeywords(lines, givenTitle);
    const tagWords = pickDistinct(keywords, TAGS_MAX, 2);
    const tags = mergeTags(
      input.tags,
      (tagWords.length >= 3 ? tagWords : pickDistinct(keywords, 3)).map((k) => normaliseTag(k.key)),
      type,
    );
    const title = givenTitle ?? titleOf(lines);
    return {
      title,
      content: mode === 'all' || mode === 'structure' ? cleanMarkdown(input.content) : input.content,
      type,
      tags,
      summary: summaryOf(lines, title),
      keyTopics: cleanList(pickDistinct(keywords, KEY_TOPICS_MAX).map((k) => k.surface)),
      actionItems: cleanList(actions.map((a) => a.text)),
      confidence: confidenceOf(guess.score, guess.margin),
      enhancer: 'offline',
      truncated: false,
    };
  }
}

/** The first line when it is a heading, else its first sentence, without a trailing colon or full stop. */
function titleOf(lines: readonly NoteLine[]): string {
  const first = lines[0];
  if (!first) return UNTITLED;
  const text = first.kind === 'heading' ? first.text : (sentencesOf(first.text)[0] ?? first.text);
  return clampTitle(text.replace(/[\s:;,.\-–—]+$/, '')) || UNTITLED;
}

/**
 * The leading sentences after the title line (headings, ticked boxes and "Label:" lines skipped; stopping
 * at the first list after some prose), as many as fit SUMMARY_MAX_CHARS (the first one is cut at a word if it alone is too long); the title when the note
 * has nothing else.
 */
function summaryOf(lines: readonly NoteLine[], title: string): string {
  const sentences: string[] = [];
  let prose = false;
  for (const line of lines) {
    if (line.kind === 'heading' || line.kind === 'done' || isLabel(line.text)) continue;
    const listItem = line.kind === 'bullet' || line.kind === 'todo';
    // Prose summarises better than the list that follows it; a note that is only a list is summarised by it.
    if (listItem && prose) break;
    if (!listItem) prose = true;
    for (const sentence of sentencesOf(line.text)) {
      const text = /[.!?…]["')\]]?$/.test(sentence) ? sentence : `${sentence.replace(/[\s:;,\-–—]+$/, '')}.`;
      if (sentences.length === 0 && stripEnd(text) === stripEnd(title)) continue;
      sentences.push(text);
    }
    if (sentences.join(' ').length > SUMMARY_MAX_CHARS) break;
  }
  if (sentences.length === 0) return clampSummary(title);
  let summary = '';
  for (const sentence of sentences) {
    const next = summary ? `${summary} ${sentence}` : sentence;
    if (clampText(next, Number.MAX_SAFE_INTEGER).length > SUMMARY_MAX_CHARS) break;
    summary = next;
  }
  return clampSummary(summary || sentences[0]);
}

/** "Action items:", "Next steps:" - a short line that introduces what follows says nothing by itself. */
function isLabel(text: string): boolean {
  return /:$/.test(text) && text.split(/\s+/).length <= 6;
}

function stripEnd(text: string): string {
  return text.replace(/[\s:;,.!?\-–—]+$/, '').toLowerCase();
}

/** 0.1 with no evidence, up to 0.45 for a type that clearly wins. */
function confidenceOf(score: number, margin: number): number {
  if (score === 0) return 0.1;
  const strength = Math.min(1, score / 8) * Math.min(1, margin / Math.max(1, score * 0.5));
  return Math.round((0.15 + 0.3 * strength) * 100) / 100;
}
