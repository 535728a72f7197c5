import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { BODY_ERRORS } from '../core/openapi/api-errors.decorator';
import { ApiNotionErrors } from '../notion/notion-api-errors.decorator';
import {
  CreatePageLinkDto,
  CreatePageDto,
  LinkParamsDto,
  PageIdParamDto,
  SearchPagesQueryDto,
  UpdatePageDto,
} from './dto/page-requests.dto';
import {
  BacklinksDto,
  NotePageDto,
  PageLinkDto,
  PageSearchResultDto,
  PageSummaryDto,
  TableOfContentsDto,
} from './dto/page-responses.dto';
import { PageLinksService } from './links/page-links.service';
import { NotionPagesService } from './notion-pages.service';
import { SEARCH_LIMIT_DEFAULT } from './page-input';
import { TableOfContentsService } from './table-of-contents.service';

/** Note pages in the caller's own Notion workspace; the same operations as the page tools. */
@ApiTags('pages')
@Authenticated()
@Controller('pages')
export class PagesController {
  constructor(
    private readonly pages: NotionPagesService,
    private readonly toc: TableOfContentsService,
    private readonly links: PageLinksService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a page from Markdown, under your "Personal Assistant" page or a page of yours' })
  @ApiCreatedResponse({ type: NotePageDto })
  @ApiNotionErrors(...BODY_ERRORS, 'CONTENT_NESTING_TOO_DEEP', 'CSRF_REJECTED')
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePageDto): Promise<NotePageDto> {
    return this.pages.create(user.id, { title: body.title, content: body.content, parentPageId: body.parentPageId });
  }

  @Get('search')
  @ApiOperation({ summary: 'Pages of your workspace whose title matches, most recently edited first' })
  @ApiOkResponse({ type: PageSearchResultDto })
  @ApiNotionErrors('VALIDATION_FAILED')
  search(@CurrentUser() user: AuthenticatedUser, @Query() query: SearchPagesQueryDto): Promise<PageSearchResultDto> {
    return this.pages.search(user.id, query.q, query.limit ?? SEARCH_LIMIT_DEFAULT);
  }

  @Get('toc')
  @ApiOperation({ summary: 'The Table of Contents rows and the sub-pages of your "Personal Assistant" page, by type, newest first' })
  @ApiOkResponse({ type: TableOfContentsDto })
  @ApiNotionErrors()
  tableOfContents(@CurrentUser() user: AuthenticatedUser): Promise<TableOfContentsDto> {
    return this.toc.get(user.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A page: title, Markdown content, URL and times' })
  @ApiOkResponse({ type: NotePageDto })
  @ApiNotionErrors('VALIDATION_FAILED')
  read(@CurrentUser() user: AuthenticatedUser, @Param() params: PageIdParamDto): Promise<NotePageDto> {
    return this.pages.read(user.id, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename a page and/or replace or append to its content' })
  @ApiOkResponse({ type: NotePageDto })
  @ApiNotionErrors(...BODY_ERRORS, 'CONTENT_NESTING_TOO_DEEP', 'CSRF_REJECTED')
  update(@CurrentUser() user: AuthenticatedUser, @Param() params: PageIdParamDto, @Body() body: UpdatePageDto): Promise<NotePageDto> {
    return this.pages.update(user.id, params.id, { title: body.title, content: body.content, mode: body.mode ?? 'append' });
  }

  @Delete(':id')
  @ApiOperation({ summary: "Move a page to Notion's trash" })
  @ApiOkResponse({ type: PageSummaryDto })
  @ApiNotionErrors('VALIDATION_FAILED', 'CSRF_REJECTED', 'PAGE_PROTECTED')
  trash(@CurrentUser() user: AuthenticatedUser, @Param() params: PageIdParamDto): Promise<PageSummaryDto> {
    return this.pages.trash(user.id, params.id);
  }

  @Post(':id/links')
  @ApiOperation({ summary: 'Link this page to another: a "Linked pages" mention on both pages, and the link recorded' })
  @ApiCreatedResponse({ type: PageLinkDto })
  @ApiNotionErrors(...BODY_ERRORS, 'CSRF_REJECTED', 'PAGE_LINK_TO_SELF', 'PAGE_LINK_EXISTS')
  link(@CurrentUser() user: AuthenticatedUser, @Param() params: PageIdParamDto, @Body() body: CreatePageLinkDto): Promise<PageLinkDto> {
    return this.links.create(user.id, params.id, body.targetPageId);
  }

  @Delete(':id/links/:target')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove the link from this page to the target, and the mentions it wrote' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotionErrors('VALIDATION_FAILED', 'NOT_FOUND', 'CSRF_REJECTED')
  async unlink(@CurrentUser() user: AuthenticatedUser, @Param() params: LinkParamsDto): Promise<void> {
    await this.links.delete(user.id, params.id, params.target);
  }

  @Get(':id/backlinks')
  @ApiOperation({ summary: "The page's links both ways, and for a note its Related notes" })
  @ApiOkResponse({ type: BacklinksDto })
  @ApiNotionErrors('VALIDATION_FAILED')
  backlinks(@CurrentUser() user: AuthenticatedUser, @Param() params: PageIdParamDto): Promise<BacklinksDto> {
    return this.links.backlinks(user.id, params.id);
  }
}
