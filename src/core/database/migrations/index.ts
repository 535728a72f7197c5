import type { MigrationInterface } from 'typeorm';
import { CreateUsers1764345600000 } from './1764345600000-CreateUsers';
import { CreateApiKeys1764600000010 } from './1764600000010-CreateApiKeys';
import { CreateAssistantConversations1764600000020 } from './1764600000020-CreateAssistantConversations';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the compiled service, ts-node scripts
 * and Jest all load the same set whatever the file extension.
 */
export const migrations: (new () => MigrationInterface)[] = [
  CreateUsers1764345600000,
  CreateApiKeys1764600000010,
  CreateAssistantConversations1764600000020,
];
