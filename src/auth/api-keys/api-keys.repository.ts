import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';

/** The api_keys table. Every read or change of a user's keys names the user. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  create(key: Omit<ApiKeyEntity, 'id' | 'lastUsedAt'>): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create({ ...key, lastUsedAt: null }));
  }

  findByTokenHash(tokenHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ tokenHash });
  }

  listByUser(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  countByUser(userId: string): Promise<number> {
    return this.keys.countBy({ userId });
  }

  /** True when the user had such a key. */
  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.keys.delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  /** Records a use unless one was recorded after `staleBefore`: concurrent requests write once. */
  async touch(id: string, now: Date, staleBefore: Date): Promise<void> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: now })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :staleBefore)', { id, staleBefore })
      .execute();
  }
}
