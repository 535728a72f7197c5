import { isFullBlock, type BlockObjectResponse, type RichTextItemResponse } from '@notionhq/client';
import type { NotionHandle } from '../notion.handle';
import { MdBlock, Span, TextBlockType, mergeSpans } from './markdown-model';

/** A block with its children already fetched. */
export interface BlockTree {
  block: BlockObjectResponse;
  children: BlockTree[];
}

/** Pages and databases below a page are their own documents: their content is not read into this one. */
const OWN_DOCUMENTS = new Set(['child_page', 'child_database']);

/** A page's (or block's) children, every page of them, recursively. */
export async function readBlockTree(notion: NotionHandle, blockId: string): Promise<BlockTree[]> {
  const blocks: BlockObjectResponse[] = [];
  let cursor: string | undefined;
  do {
    const page = await notion.listBlockChildren({ block_id: blockId, start_cursor: cursor, page_size: 100 });
    blocks.push(...page.results.filter(isFullBlock));
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  const trees: BlockTree[] = [];
  for (const block of blocks) {
    const children = block.has_children && !OWN_DOCUMENTS.has(block.type) ? await readBlockTree(notion, block.id) : [];
    trees.push({ block, children });
  }
  return trees;
}

/** Notion blocks → the document model; block types Markdown cannot hold become their text, or are left out. */
export function blocksToModel(trees: BlockTree[]): MdBlock[] {
  return trees.flatMap(({ block, children }) => {
    const kids = blocksToModel(children);
    const text = (type: TextBlockType, rich: RichTextItemResponse[], extra: Partial<MdBlock> = {}): MdBlock[] => [
      { type, spans: spansOf(rich), children: kids, ...extra } as MdBlock,
    ];
    switch (block.type) {
      case 'paragraph':
        return text('paragraph', block.paragraph.rich_text);
      case 'heading_1':
        return text('heading_1', block.heading_1.rich_text);
      case 'heading_2':
        return text('heading_2', block.heading_2.rich_text);
      case 'heading_3':
        return text('heading_3', block.heading_3.rich_text);
      case 'bulleted_list_item':
        return text('bulleted_list_item', block.bulleted_list_item.rich_text);
      case 'numbered_list_item':
        return text('numbered_list_item', block.numbered_list_item.rich_text);
      case 'to_do':
        return text('to_do', block.to_do.rich_text, { checked: block.to_do.checked });
      case 'quote':
        return text('quote', block.quote.rich_text);
      case 'callout':
        return text('quote', block.callout.rich_text);
      case 'toggle':
        return text('bulleted_list_item', block.toggle.rich_text);
      case 'code':
        return [{ type: 'code', text: block.code.rich_text.map((t) => t.plain_text).join(''), language: block.code.language, children: kids }];
      case 'divider':
        return [{ type: 'divider', children: kids }];
      case 'equation':
        return [{ type: 'paragraph', spans: [{ text: block.equation.expression, code: true }], children: kids }];
      case 'child_page':
        return [{ type: 'paragraph', spans: [{ text: block.child_page.title, bold: true }], children: [] }];
      case 'child_database':
        return [{ type: 'paragraph', spans: [{ text: block.child_database.title, bold: true }], children: [] }];
      case 'bookmark':
        return [{ type: 'paragraph', spans: [{ text: block.bookmark.url, href: block.bookmark.url }], children: kids }];
      case 'embed':
        return [{ type: 'paragraph', spans: [{ text: block.embed.url, href: block.embed.url }], children: kids }];
      default:
        return kids;
    }
  });
}

function spansOf(rich: RichTextItemResponse[]): Span[] {
  return mergeSpans(
    rich.map((item) => ({
      text: item.plain_text,
      bold: item.annotations.bold,
      italic: item.annotations.italic,
      strikethrough: item.annotations.strikethrough,
      code: item.annotations.code,
      href: item.href,
    })),
  );
}
