import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotesModule } from '../notes/notes.module';
import { NotionModule } from '../notion/notion.module';
import { PageLinkEntity } from './links/page-link.entity';
import { PageLinksRepository } from './links/page-links.repository';
import { PageLinksService } from './links/page-links.service';
import { NotionPagesService } from './notion-pages.service';
import { PageContentCache } from './page-content.cache';
import { PagesController } from './pages.controller';
import { TableOfContentsService } from './table-of-contents.service';
import { CreateLinkTool } from './tools/create-link.tool';
import { CreateNotePageTool } from './tools/create-note-page.tool';
import { DeleteNotePageTool } from './tools/delete-note-page.tool';
import { GetBacklinksTool } from './tools/get-backlinks.tool';
import { GetTableOfContentsTool } from './tools/get-table-of-contents.tool';
import { ReadNotePageTool } from './tools/read-note-page.tool';
import { SearchNotePagesTool } from './tools/search-note-pages.tool';
import { UpdateNotePageTool } from './tools/update-note-page.tool';

/** Note pages, their table of contents and links, over REST (`/pages`) and as agent tools. */
@Module({
  imports: [TypeOrmModule.forFeature([PageLinkEntity]), NotionModule, NotesModule],
  controllers: [PagesController],
  providers: [
    NotionPagesService,
    PageContentCache,
    TableOfContentsService,
    PageLinksRepository,
    PageLinksService,
    CreateNotePageTool,
    ReadNotePageTool,
    UpdateNotePageTool,
    DeleteNotePageTool,
    SearchNotePagesTool,
    GetTableOfContentsTool,
    CreateLinkTool,
    GetBacklinksTool,
  ],
  exports: [NotionPagesService, TableOfContentsService, PageLinksService],
})
export class PagesModule {}
