import { NOTION_ID_PATTERN, canonicalPageId } from '../../src/pages/page-ids';

describe('Notion page ids', () => {
  it('accepts the dashed and the 32-digit forms, in any case, and nothing else', () => {
    for (const id of ['0f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e', '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e', '0F0C8A8E3B0E4D7E9A556F3C1C1B2D4E']) {
      expect(NOTION_ID_PATTERN.test(id)).toBe(true);
    }
    for (const id of ['', 'abc', '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4', '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4g', '../0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e']) {
      expect(NOTION_ID_PATTERN.test(id)).toBe(false);
    }
  });

  it('writes every accepted form the way the API answers ids', () => {
    expect(canonicalPageId('0F0C8A8E3B0E4D7E9A556F3C1C1B2D4E')).toBe('0f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e');
    expect(canonicalPageId('0f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e')).toBe('0f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e');
  });
});
