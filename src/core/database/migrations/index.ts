import type { MigrationInterface } from 'typeorm';
import { CreateUsers1764345600000 } from './1764345600000-CreateUsers';
import { CreateNotionWorkspaces1764500000010 } from './1764500000010-CreateNotionWorkspaces';
import { CreateOAuthIntegrations1764400000001 } from './1764400000001-CreateOAuthIntegrations';
import { NormalizeUserEmails1795951681863 } from './1795951681863-NormalizeUserEmails';
import { CreateApiKeys1764600000010 } from './1764600000010-CreateApiKeys';
import { CreateAssistantConversations1764600000020 } from './1764600000020-CreateAssistantConversations';
import { CreateNotes1795960000000 } from './1795960000000-CreateNotes';
import { CreateAssistantActions1796700000000 } from './1796700000000-CreateAssistantActions';
import { CreateMcpAuth1796700000100 } from './1796700000100-CreateMcpAuth';
import { NotesTwoWaySync1796800000000 } from './1796800000000-NotesTwoWaySync';
import { NotionChangeFeed1796800000100 } from './1796800000100-NotionChangeFeed';
import { CreatePageLinks1764700000010 } from './1764700000010-CreatePageLinks';
import { CreateOAuthIdentityBindings1796100000000 } from './1796100000000-CreateOAuthIdentityBindings';
import { CreateNotionProvisioningClaims1796500000010 } from './1796500000010-CreateNotionProvisioningClaims';
import { CreateSessions1796500000020 } from './1796500000020-CreateSessions';
import { AddNotionWorkspaceState1796800000200 } from './1796800000200-AddNotionWorkspaceState';
import { NotifyDueSyncJobs1796800000300 } from './1796800000300-NotifyDueSyncJobs';
import { CreateNotionBotRoots1796800000400 } from './1796800000400-CreateNotionBotRoots';
import { IndexActiveIntegrationsByWorkspace1796800000500 } from './1796800000500-IndexActiveIntegrationsByWorkspace';

/**
 * Every migration, in order. Listed explicitly (not globbed) so that the compiled service, ts-node scripts
 * and Jest all load the same set whatever the file extension.
 */
export const migrations: (new () => MigrationInterface)[] = [
  CreateUsers1764345600000,
  CreateOAuthIntegrations1764400000001,
  CreateNotionWorkspaces1764500000010,
  CreateApiKeys1764600000010,
  CreateAssistantConversations1764600000020,
  CreatePageLinks1764700000010,
  NormalizeUserEmails1795951681863,
  CreateNotes1795960000000,
  CreateOAuthIdentityBindings1796100000000,
  CreateNotionProvisioningClaims1796500000010,
  CreateSessions1796500000020,
  CreateAssistantActions1796700000000,
  CreateMcpAuth1796700000100,
  NotesTwoWaySync1796800000000,
  NotionChangeFeed1796800000100,
  AddNotionWorkspaceState1796800000200,
  NotifyDueSyncJobs1796800000300,
  CreateNotionBotRoots1796800000400,
  IndexActiveIntegrationsByWorkspace1796800000500,
];
