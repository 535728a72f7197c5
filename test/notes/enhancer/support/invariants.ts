import { NOTE_TYPES, type Enhancement } from '../../../../src/notes/enhancer/enhancement';

/** One tag: lower-case letters (any script) or digits, words joined by single hyphens. */
export const TAG_FORMAT = /^[\p{L}\p{M}\p{N}]+(?:-[\p{L}\p{M}\p{N}]+)*$/u;

/** The promises every enhancer keeps, whatever the input. */
export function expectEnhancementInvariants(result: Enhancement, options: { userTitle?: boolean } = {}): void {
  expect(NOTE_TYPES).toContain(result.type);
  expect(result.tags.length).toBeGreaterThanOrEqual(3);
  expect(result.tags.length).toBeLessThanOrEqual(5);
  expect(new Set(result.tags).size).toBe(result.tags.length);
  for (const tag of result.tags) {
    expect(tag).toMatch(TAG_FORMAT);
    expect(tag).toBe(tag.toLowerCase());
  }
  expect(result.summary.length).toBeGreaterThan(0);
  expect(result.summary.length).toBeLessThanOrEqual(200);
  expect(result.title.length).toBeGreaterThan(0);
  if (!options.userTitle) expect(result.title.length).toBeLessThanOrEqual(80);
  expect(result.confidence).toBeGreaterThanOrEqual(0);
  expect(result.confidence).toBeLessThanOrEqual(1);
  expect(typeof result.truncated).toBe('boolean');
  expect(Array.isArray(result.keyTopics)).toBe(true);
  expect(Array.isArray(result.actionItems)).toBe(true);
}
