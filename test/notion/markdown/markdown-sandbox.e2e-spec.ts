import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { appendBlockTree } from '../../../src/notion/markdown/block-appender';
import { toBlockNodes } from '../../../src/notion/markdown/block-requests';
import { normalize } from '../../../src/notion/markdown/markdown-model';
import { parseMarkdown } from '../../../src/notion/markdown/markdown-parser';
import { renderMarkdown } from '../../../src/notion/markdown/markdown-renderer';
import { NotionMarkdownService, childrenApi } from '../../../src/notion/markdown/notion-markdown.service';
import type { ContentTreeNode } from '../../../src/sandbox/notion';
import type { NotionHandle } from '../../../src/notion/notion.handle';
import { NotionClientFactory } from '../../../src/notion/notion-client.factory';
import { OAuthWorld, startOAuthWorld } from '../../oauth/support/oauth-world';
import { bootNotionApp } from '../support/notion-app';
import { connectUser, text } from '../support/notion-world';
import { documents, oversizedDocuments } from './markdown-arbitraries';
import { RecordingChildrenApi, Shape, shapeOf } from './recording-children-api';

jest.setTimeout(120_000);

/**
 * Samples of generated documents sent to the sandbox (as strict as Notion, rate limit on) through the
 * gateway: Notion accepts every request, the page holds the document, and reading it back gives the
 * same Markdown.
 */
describe('Markdown ⇄ Notion through the sandbox', () => {
  let world: OAuthWorld;
  let notion: NotionHandle;
  const markdown = new NotionMarkdownService();

  beforeAll(async () => {
    Logger.overrideLogger(false);
    world = await startOAuthWorld({ rateLimit: { requestsPerSecond: 3, burst: 10 } });
    const t = await bootNotionApp(world);
    notion = t.app.get(NotionClientFactory).forIntegration((await connectUser(t, world)).integrationId);
    world.sandbox.control.clearRequestLog();
  });

  afterAll(async () => {
    await world?.close();
  });

  const newPage = async (title: string) =>
    (await notion.createPage({ parent: { type: 'workspace', workspace: true }, properties: { title: { title: text(title) } } })).id;

  it('writes generated documents to a page and reads them back as the same Markdown', async () => {
    for (const doc of fc.sample(documents(4), { numRuns: 4, seed: 42 })) {
      const source = renderMarkdown(doc);
      const pageId = await newPage('Round trip');
      await markdown.appendMarkdown(notion, pageId, source);
      const { markdown: read } = await markdown.readMarkdown(notion, pageId);
      expect(normalize(parseMarkdown(read))).toEqual(normalize(doc));
    }
  });

  it('gets oversized documents accepted by Notion’s limits, in order, with nothing lost', async () => {
    for (const doc of fc.sample(oversizedDocuments(), { numRuns: 2, seed: 7 })) {
      const nodes = toBlockNodes(doc);
      const pageId = await newPage('Oversized');
      await appendBlockTree(childrenApi(notion), pageId, nodes);
      expect(world.sandbox.control.pageContent(pageId).blocks.map(plainShape)).toEqual(shapeOf(nodes).map(expectedShape));
    }
  });

  it('refuses nothing the converter produces: the sandbox’s request log has no 400', () => {
    expect(world.sandbox.control.requestLog().filter((r) => r.status === 400)).toEqual([]);
  });

  it('the recording API and the sandbox agree on how many requests a document needs', async () => {
    const [doc] = fc.sample(oversizedDocuments(), { numRuns: 1, seed: 11 });
    const recording = new RecordingChildrenApi();
    await appendBlockTree(recording, 'page', toBlockNodes(doc));
    const pageId = await newPage('Counted');
    world.sandbox.control.clearRequestLog();
    await appendBlockTree(childrenApi(notion), pageId, toBlockNodes(doc));
    const sent = world.sandbox.control.requestLog().filter((r) => r.route === '/v1/blocks/{block_id}/children');
    expect(sent.filter((r) => r.method === 'PATCH')).toHaveLength(recording.appends.length);
    expect(sent.filter((r) => r.method === 'GET')).toHaveLength(recording.lists.length);
  });
});

interface Plain {
  type: string;
  text: string;
  children: Plain[];
}

function plainShape(node: ContentTreeNode): Plain {
  return { type: node.type, text: node.text, children: node.children.map(plainShape) };
}

function expectedShape(shape: Shape): Plain {
  const type = shape.block.type as string;
  const payload = (shape.block as unknown as Record<string, { rich_text?: Array<{ text: { content: string } }> }>)[type];
  const textOf = (payload.rich_text ?? []).map((t) => t.text.content).join('');
  return { type, text: textOf, children: shape.children.map(expectedShape) };
}
