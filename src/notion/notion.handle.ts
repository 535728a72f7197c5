import type {
  AppendBlockChildrenParameters,
  AppendBlockChildrenResponse,
  CreateDatabaseParameters,
  CreateDatabaseResponse,
  CreatePageParameters,
  CreatePageResponse,
  DeleteBlockParameters,
  DeleteBlockResponse,
  GetBlockParameters,
  GetBlockResponse,
  GetDatabaseParameters,
  GetDatabaseResponse,
  GetDataSourceParameters,
  GetDataSourceResponse,
  GetPageParameters,
  GetPagePropertyParameters,
  GetPagePropertyResponse,
  GetPageResponse,
  GetSelfResponse,
  ListBlockChildrenParameters,
  ListBlockChildrenResponse,
  QueryDataSourceParameters,
  QueryDataSourceResponse,
  SearchParameters,
  SearchResponse,
  UpdateBlockParameters,
  UpdateBlockResponse,
  UpdateDataSourceParameters,
  UpdateDataSourceResponse,
  UpdatePageParameters,
  UpdatePageResponse,
} from '@notionhq/client';
import type { NotionGateway, NotionRequest, NotionTokenSource } from './notion.gateway';

/**
 * Notion for one integration: the operations the product uses, each one a call through the gateway
 * (limited, retried when safe, logged, errors mapped). Cheap to keep; the factory caches one per
 * integration together with its decrypted token.
 */
export class NotionHandle {
  constructor(
    private readonly gateway: NotionGateway,
    private readonly tokens: NotionTokenSource,
  ) {}

  get integrationId(): string {
    return this.tokens.integrationId;
  }

  me(): Promise<GetSelfResponse> {
    // The SDK types these parameters as Record<string, never>, which its own `auth` cannot satisfy.
    return this.read('users.me', (c, auth) => c.users.me({ auth } as unknown as Parameters<typeof c.users.me>[0]));
  }

  search(args: SearchParameters): Promise<SearchResponse> {
    return this.read('search', (c, auth) => c.search({ ...args, auth }));
  }

  createPage(args: CreatePageParameters): Promise<CreatePageResponse> {
    return this.write('pages.create', (c, auth) => c.pages.create({ ...args, auth }));
  }

  retrievePage(args: GetPageParameters): Promise<GetPageResponse> {
    return this.read('pages.retrieve', (c, auth) => c.pages.retrieve({ ...args, auth }));
  }

  /** One property's value, paged (page objects show at most 25 values of a relation). */
  retrievePageProperty(args: GetPagePropertyParameters): Promise<GetPagePropertyResponse> {
    return this.read('pages.properties.retrieve', (c, auth) => c.pages.properties.retrieve({ ...args, auth }));
  }

  updatePage(args: UpdatePageParameters): Promise<UpdatePageResponse> {
    return this.write('pages.update', (c, auth) => c.pages.update({ ...args, auth }));
  }

  retrieveBlock(args: GetBlockParameters): Promise<GetBlockResponse> {
    return this.read('blocks.retrieve', (c, auth) => c.blocks.retrieve({ ...args, auth }));
  }

  updateBlock(args: UpdateBlockParameters): Promise<UpdateBlockResponse> {
    return this.write('blocks.update', (c, auth) => c.blocks.update({ ...args, auth }));
  }

  deleteBlock(args: DeleteBlockParameters): Promise<DeleteBlockResponse> {
    return this.write('blocks.delete', (c, auth) => c.blocks.delete({ ...args, auth }));
  }

  listBlockChildren(args: ListBlockChildrenParameters): Promise<ListBlockChildrenResponse> {
    return this.read('blocks.children.list', (c, auth) => c.blocks.children.list({ ...args, auth }));
  }

  appendBlockChildren(args: AppendBlockChildrenParameters): Promise<AppendBlockChildrenResponse> {
    return this.write('blocks.children.append', (c, auth) => c.blocks.children.append({ ...args, auth }));
  }

  createDatabase(args: CreateDatabaseParameters): Promise<CreateDatabaseResponse> {
    return this.write('databases.create', (c, auth) => c.databases.create({ ...args, auth }));
  }

  retrieveDatabase(args: GetDatabaseParameters): Promise<GetDatabaseResponse> {
    return this.read('databases.retrieve', (c, auth) => c.databases.retrieve({ ...args, auth }));
  }

  retrieveDataSource(args: GetDataSourceParameters): Promise<GetDataSourceResponse> {
    return this.read('dataSources.retrieve', (c, auth) => c.dataSources.retrieve({ ...args, auth }));
  }

  updateDataSource(args: UpdateDataSourceParameters): Promise<UpdateDataSourceResponse> {
    return this.write('dataSources.update', (c, auth) => c.dataSources.update({ ...args, auth }));
  }

  /** A query changes nothing, so it is retried like a read although it is a POST. */
  queryDataSource(args: QueryDataSourceParameters): Promise<QueryDataSourceResponse> {
    return this.read('dataSources.query', (c, auth) => c.dataSources.query({ ...args, auth }));
  }

  private read<T>(name: string, request: NotionRequest<T>): Promise<T> {
    return this.gateway.execute(this.tokens, { name, write: false }, request);
  }

  private write<T>(name: string, request: NotionRequest<T>): Promise<T> {
    return this.gateway.execute(this.tokens, { name, write: true }, request);
  }
}
