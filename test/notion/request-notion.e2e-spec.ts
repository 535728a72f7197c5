import { Controller, Get, Module } from '@nestjs/common';
import { NotionModule } from '../../src/notion/notion.module';
import { RequestNotion } from '../../src/notion/request-notion';
import { bearer } from '../support/auth';
import { OAuthWorld, startOAuthWorld } from '../oauth/support/oauth-world';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { connectUser } from './support/notion-world';

const made: RequestNotion[] = [];

@Controller('probe/notion')
class ProbeController {
  constructor(private readonly notion: RequestNotion) {
    made.push(notion);
  }

  @Get()
  async me(): Promise<{ integrationId: string; bot: string }> {
    const handle = await this.notion.forCurrentUser();
    return { integrationId: handle.integrationId, bot: (await handle.me()).id };
  }
}

@Module({ imports: [NotionModule], controllers: [ProbeController] })
class ProbeModule {}

/** RequestNotion: the request-scoped leaf over the singleton factory gives each request its user's Notion. */
describe('RequestNotion', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await bootNotionApp(world, { imports: [ProbeModule] });
  });

  afterAll(async () => {
    await world?.close();
  });

  it("hands each request its own user's integration, one leaf per request over one factory", async () => {
    const ada = await connectUser(t, world, 'ada');
    const bob = await connectUser(t, world, 'bob');
    const before = made.length;

    const a = await t.http().get('/probe/notion').set(...bearer(ada.token)).expect(200);
    const b = await t.http().get('/probe/notion').set(...bearer(bob.token)).expect(200);

    expect(a.body.integrationId).toBe(ada.integrationId);
    expect(b.body.integrationId).toBe(bob.integrationId);
    expect(a.body.bot).not.toBe(b.body.bot);
    expect(made.length - before).toBe(2);
    expect(new Set(made.slice(before)).size).toBe(2);
  });
});
