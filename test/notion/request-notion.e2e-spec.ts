import { Controller, Get, Module } from '@nestjs/common';
import { NotionModule } from '../../src/notion/notion.module';
import { RequestNotion } from '../../src/notion/request-notion';
import { bearer, signUp } from '../support/auth';
import { NotionTestApp, bootNotionApp } from './support/notion-app';
import { NotionWorld, startNotionWorld } from './support/notion-world';

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
  let world: NotionWorld;
  let t: NotionTestApp;

  beforeAll(async () => {
    world = await startNotionWorld();
    t = await bootNotionApp(world, { imports: [ProbeModule] });
  });

  afterAll(async () => {
    await t?.close();
    await world?.close();
  });

  it("hands each request its own user's integration, one leaf per request over one factory", async () => {
    const ada = await signUp(t, 'ada');
    const bob = await signUp(t, 'bob');
    const adaIntegration = world.connections.connect(ada.userId, { workspaceId: world.workspaceId, personId: world.personId });
    const bobIntegration = world.connections.connect(bob.userId, { workspaceId: world.workspaceId, personId: world.personId });
    const before = made.length;

    const a = await t.http().get('/probe/notion').set(...bearer(ada.token)).expect(200);
    const b = await t.http().get('/probe/notion').set(...bearer(bob.token)).expect(200);

    expect(a.body.integrationId).toBe(adaIntegration);
    expect(b.body.integrationId).toBe(bobIntegration);
    expect(made.length - before).toBe(2);
    expect(new Set(made.slice(before)).size).toBe(2);
  });
});
