import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { Authenticated } from '../auth/decorators/authenticated.decorator';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiErrors, BODY_ERRORS } from '../core/openapi/api-errors.decorator';
import { CreateLinkDto, CreateNoteDto, EnhanceNoteDto, UpdateNoteDto } from './dto/create-note.dto';
import { ListNotesQueryDto, SearchNotesQueryDto } from './dto/list-notes.dto';
import { NoteDto, NoteIntelligenceDto, NoteListDto, NoteRefDto, NoteRevisionDto, RelatedNoteDto } from './dto/note.dto';
import { NotesInsightsService } from './notes-insights.service';
import { NotesService, type NoteView } from './notes.service';

const dto = (view: NoteView) => NoteDto.from(view.note, view.links);

@ApiTags('notes')
@Authenticated()
@Controller('notes')
export class NotesController {
  constructor(
    private readonly notes: NotesService,
    private readonly insights: NotesInsightsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Write a note: enhanced, saved, and synced to your Notion (201 when synced within the wait, else 202 pending)' })
  @ApiCreatedResponse({ type: NoteDto, description: 'Saved and synced to Notion' })
  @ApiAcceptedResponse({ type: NoteDto, description: 'Saved; the sync to Notion is pending (poll GET /notes/{id})' })
  @ApiErrors(...BODY_ERRORS, 'CONTENT_NESTING_TOO_DEEP', 'NOT_FOUND', 'NOTION_NOT_CONNECTED', 'CSRF_REJECTED')
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateNoteDto, @Res({ passthrough: true }) res: Response): Promise<NoteDto> {
    const created = await this.notes.create(user.id, body);
    res.status(created.synced ? HttpStatus.CREATED : HttpStatus.ACCEPTED);
    return dto(created);
  }

  @Get()
  @ApiOperation({ summary: 'Your notes, newest first (or ranked by `q`), filtered, a page at a time' })
  @ApiOkResponse({ type: NoteListDto })
  @ApiErrors('VALIDATION_FAILED', 'NOTE_CURSOR_INVALID')
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListNotesQueryDto): Promise<NoteListDto> {
    const page = await this.notes.list(user.id, query);
    return { items: page.items.map(dto), nextCursor: page.nextCursor };
  }

  @Get('search')
  @ApiOperation({ summary: 'Full-text search over title, tags, summary and content, ranked, with the same filters (smart_search_notes)' })
  @ApiOkResponse({ type: NoteListDto })
  @ApiErrors('VALIDATION_FAILED', 'NOTE_CURSOR_INVALID')
  async search(@CurrentUser() user: AuthenticatedUser, @Query() query: SearchNotesQueryDto): Promise<NoteListDto> {
    const page = await this.notes.list(user.id, query);
    return { items: page.items.map(dto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One note, with its Notion page and sync state' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors('NOT_FOUND')
  async get(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteDto> {
    return dto(await this.notes.get(user.id, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change title, content, type or tags; Notion follows' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors(...BODY_ERRORS, 'CONTENT_NESTING_TOO_DEEP', 'NOT_FOUND', 'NOTE_IN_TRASH', 'CSRF_REJECTED')
  async update(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: UpdateNoteDto): Promise<NoteDto> {
    return dto(await this.notes.update(user.id, id, body));
  }

  @Delete(':id')
  @ApiOperation({ summary: "To the trash (here and Notion's); restore with POST /notes/{id}/restore" })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors('NOT_FOUND', 'CSRF_REJECTED')
  async remove(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteDto> {
    return dto(await this.notes.remove(user.id, id));
  }

  @Post(':id/restore')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Out of the trash, here and in Notion' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors('NOT_FOUND', 'CSRF_REJECTED')
  async restore(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteDto> {
    return dto(await this.notes.restore(user.id, id));
  }

  @Post(':id/sync')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sync again now (after a failure), with a fresh attempt budget' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors('NOT_FOUND', 'CSRF_REJECTED')
  async sync(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteDto> {
    return dto(await this.notes.retrySync(user.id, id));
  }

  @Post(':id/enhance')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Enhance again: structure (content), tags, summary, or all (enhance_existing_note)' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'NOTE_IN_TRASH', 'CSRF_REJECTED')
  async enhance(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: EnhanceNoteDto): Promise<NoteDto> {
    return dto(await this.notes.enhance(user.id, id, body.mode ?? 'all'));
  }

  @Get(':id/intelligence')
  @ApiOperation({ summary: 'Key topics, action items, suggestions and related notes (get_note_intelligence)' })
  @ApiOkResponse({ type: NoteIntelligenceDto })
  @ApiErrors('NOT_FOUND')
  intelligence(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteIntelligenceDto> {
    return this.insights.intelligence(user.id, id);
  }

  @Get(':id/related')
  @ApiOperation({ summary: 'Notes sharing tags or words with this one, best first' })
  @ApiOkResponse({ type: [RelatedNoteDto] })
  @ApiErrors('NOT_FOUND')
  related(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<RelatedNoteDto[]> {
    return this.insights.related(user.id, id);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Values that merges with Notion replaced (a field changed on both sides; what the product could not hold), newest first' })
  @ApiOkResponse({ type: [NoteRevisionDto] })
  @ApiErrors('NOT_FOUND')
  async history(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteRevisionDto[]> {
    return (await this.notes.history(user.id, id)).map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  @Get(':id/backlinks')
  @ApiOperation({ summary: 'Notes that link to this one ("Linked from" in Notion)' })
  @ApiOkResponse({ type: [NoteRefDto] })
  @ApiErrors('NOT_FOUND')
  async backlinks(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<NoteRefDto[]> {
    return (await this.notes.backlinks(user.id, id)).map((n) => NoteRefDto.from(n));
  }

  @Post(':id/links')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Link to another of your notes: the two-way Related relation in Notion' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors(...BODY_ERRORS, 'NOT_FOUND', 'NOTE_LINK_INVALID', 'CSRF_REJECTED')
  async link(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Body() body: CreateLinkDto): Promise<NoteDto> {
    return dto(await this.notes.addLink(user.id, id, body.targetNoteId));
  }

  @Delete(':id/links/:target')
  @ApiOperation({ summary: 'Remove a link (from both pages in Notion)' })
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors('NOT_FOUND', 'CSRF_REJECTED')
  async unlink(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Param('target') target: string): Promise<NoteDto> {
    return dto(await this.notes.removeLink(user.id, id, target));
  }
}
