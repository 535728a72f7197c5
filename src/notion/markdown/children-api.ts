import type { NotionHandle } from '../notion.handle';
import type { BlockChildrenApi } from './block-appender';

/** The BlockChildrenApi of a NotionHandle: every request through the gateway. */
export function childrenApi(notion: NotionHandle): BlockChildrenApi {
  return {
    append: async (parentId, children, position) =>
      (await notion.appendBlockChildren({ block_id: parentId, children, ...(position ? { position } : {}) })).results.map((b) => b.id),
    listChildIds: async (parentId) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await notion.listBlockChildren({ block_id: parentId, start_cursor: cursor, page_size: 100 });
        ids.push(...page.results.map((b) => b.id));
        cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
      } while (cursor);
      return ids;
    },
  };
}
