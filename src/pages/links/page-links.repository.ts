import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { PageLinkExistsError } from '../pages.errors';
import { PageLinkEntity } from './page-link.entity';

/** Which of a user's integrations a link lives in: every read or change names both. */
export interface LinkScope {
  userId: string;
  integrationId: string;
}

const UNIQUE_VIOLATION = '23505';

/** The page_links table. */
@Injectable()
export class PageLinksRepository {
  constructor(@InjectRepository(PageLinkEntity) private readonly links: Repository<PageLinkEntity>) {}

  find(scope: LinkScope, fromPageId: string, toPageId: string): Promise<PageLinkEntity | null> {
    return this.links.findOneBy({ ...scope, fromPageId, toPageId });
  }

  /** Throws PageLinkExistsError when the same direction was recorded meanwhile. */
  async create(link: Omit<PageLinkEntity, 'id' | 'createdAt'>): Promise<PageLinkEntity> {
    try {
      return await this.links.save(this.links.create(link));
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === UNIQUE_VIOLATION) {
        throw new PageLinkExistsError();
      }
      throw error;
    }
  }

  /** True when there was such a link. */
  async delete(scope: LinkScope, id: string): Promise<boolean> {
    const result = await this.links.delete({ ...scope, id });
    return (result.affected ?? 0) > 0;
  }

  /** Links from and to the page, oldest first. */
  async touching(scope: LinkScope, pageId: string): Promise<{ outgoing: PageLinkEntity[]; incoming: PageLinkEntity[] }> {
    const order = { createdAt: 'ASC' as const, id: 'ASC' as const };
    const [outgoing, incoming] = await Promise.all([
      this.links.find({ where: { ...scope, fromPageId: pageId }, order }),
      this.links.find({ where: { ...scope, toPageId: pageId }, order }),
    ]);
    return { outgoing, incoming };
  }

  /** The ids of the blocks our links wrote on the page (kept when its content is replaced). */
  async blockIdsOn(scope: LinkScope, pageId: string): Promise<Set<string>> {
    const { outgoing, incoming } = await this.touching(scope, pageId);
    const ids = [...outgoing.map((l) => l.fromBlockId), ...incoming.map((l) => l.toBlockId)];
    return new Set(ids.filter((id): id is string => id !== null));
  }
}
