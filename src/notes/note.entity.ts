import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { EnhancerName, NoteType } from './enhancer/enhancement';

/** The note as Notion last held it to the product's knowledge: the base of the three-way merge. */
export interface SyncedBase {
  title: string;
  type: string;
  tags: string[];
  summary: string;
  /** The page's content as Markdown, in the form the product reads it back from Notion. */
  content: string;
  /** In Notion's trash. */
  trashed: boolean;
  /** The Related property as last written (the links are the product's: Notion shows them). */
  related?: string[];
}

/** A top-level block of the note's page: its id and the hash of its content (children included). */
export interface NotionBlockRef {
  id: string;
  hash: string;
}

/** Both versions of a note whose edits here and in Notion touched the same lines (see docs/notes.md). */
export interface NoteConflict {
  detectedAt: string;
  /** The last version both sides agreed on. */
  base: string;
  /** The product's version (what was written here). */
  ours: string;
  /** Notion's version (what the person wrote there). */
  theirs: string;
}

export const SYNC_STATUSES = ['pending', 'synced', 'failed', 'needs_reauth'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/**
 * A user's note and the state of its copy in Notion (see the CreateNotes migration). `version` counts
 * every change that Notion must see; `content_version` only changes of the content. The sync worker
 * records what it sent in `synced_version` / `synced_content_version`, so it knows what is left to do.
 */
@Entity('notes')
export class NoteEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_notes' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'integration_id', type: 'uuid', nullable: true })
  integrationId: string | null;

  @Column({ name: 'original_content', type: 'text' })
  originalContent: string;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  type: NoteType;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  tags: string[];

  @Column({ type: 'varchar', length: 400, default: '' })
  summary: string;

  @Column({ name: 'key_topics', type: 'jsonb', default: () => `'[]'` })
  keyTopics: string[];

  @Column({ name: 'action_items', type: 'jsonb', default: () => `'[]'` })
  actionItems: string[];

  @Column({ type: 'varchar', length: 16 })
  enhancer: EnhancerName | 'none';

  @Column({ name: 'enhancer_fallback', type: 'varchar', length: 200, nullable: true })
  enhancerFallback: string | null;

  @Column({ type: 'real', default: 0 })
  confidence: number;

  @Column({ name: 'notion_page_id', type: 'uuid', nullable: true })
  notionPageId: string | null;

  @Column({ name: 'notion_url', type: 'text', nullable: true })
  notionUrl: string | null;

  /** Set before the first pages.create is sent: from then on, a retry first looks for the page by Note ID. */
  @Column({ name: 'notion_create_started', type: 'boolean', default: false })
  notionCreateStarted: boolean;

  @Column({ name: 'sync_status', type: 'varchar', length: 16 })
  syncStatus: SyncStatus;

  @Column({ name: 'sync_attempts', type: 'int', default: 0 })
  syncAttempts: number;

  @Column({ name: 'last_sync_error', type: 'varchar', length: 300, nullable: true })
  lastSyncError: string | null;

  @Column({ name: 'synced_at', type: 'timestamptz', nullable: true })
  syncedAt: Date | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'synced_version', type: 'int', default: 0 })
  syncedVersion: number;

  @Column({ name: 'content_version', type: 'int', default: 1 })
  contentVersion: number;

  @Column({ name: 'synced_content_version', type: 'int', default: 0 })
  syncedContentVersion: number;

  /** Set by the service with millisecond precision, so that it round-trips through a pagination cursor. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'trashed_at', type: 'timestamptz', nullable: true })
  trashedAt: Date | null;

  @Column({ name: 'synced_base', type: 'jsonb', nullable: true })
  syncedBase: SyncedBase | null;

  @Column({ name: 'notion_hash', type: 'varchar', length: 64, nullable: true })
  notionHash: string | null;

  @Column({ name: 'notion_blocks', type: 'jsonb', nullable: true })
  notionBlocks: NotionBlockRef[] | null;

  /** The page's last_edited_time as last seen (Notion rounds it to the minute). */
  @Column({ name: 'notion_edited_at', type: 'timestamptz', nullable: true })
  notionEditedAt: Date | null;

  /** When the product last knew the page's content for certain (it wrote or read it). */
  @Column({ name: 'notion_confirmed_at', type: 'timestamptz', nullable: true })
  notionConfirmedAt: Date | null;

  @Column({ name: 'pull_requested_at', type: 'timestamptz', nullable: true })
  pullRequestedAt: Date | null;

  @Column({ name: 'last_pulled_at', type: 'timestamptz', nullable: true })
  lastPulledAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  conflict: NoteConflict | null;

  /** The page is gone from Notion for good; the note stays, and a retry writes it again. */
  @Column({ name: 'notion_missing', type: 'boolean', default: false })
  notionMissing: boolean;
}
