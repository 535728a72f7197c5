import { Body, Controller, Injectable, Module, Post } from '@nestjs/common';
import { IsString } from 'class-validator';
import { DataSource } from 'typeorm';
import { UserContextService } from '../../src/core/context/user-context.service';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';

class NoteDto {
  @IsString()
  text: string;
}

/** Deep code with no user parameter: it asks the request's context, after real I/O. */
@Injectable()
class DeepService {
  constructor(
    private readonly context: UserContextService,
    private readonly db: DataSource,
  ) {}

  async whoAmI(): Promise<string | undefined> {
    await this.db.query('SELECT 1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    return this.context.user?.id;
  }
}

@Controller('__context')
class ContextProbeController {
  constructor(private readonly deep: DeepService) {}

  @Post('whoami')
  async whoami(@Body() body: NoteDto): Promise<{ userId: string | undefined; text: string }> {
    return { userId: await this.deep.whoAmI(), text: body.text };
  }
}

@Module({ controllers: [ContextProbeController], providers: [DeepService] })
class ContextProbeModule {}

describe('the user context of a request', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp({ imports: [ContextProbeModule] });
  });
  afterAll(() => t.close());

  it('gives deep code the signed-in user, after the JSON body was parsed and across awaits', async () => {
    const [a, b] = [await signUp(t, 'ctx-a'), await signUp(t, 'ctx-b')];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => {
        const who = i % 2 ? b : a;
        return t.http().post('/__context/whoami').set(...bearer(who.token)).send({ text: `n${i}` }).then((res) => ({ res, who, i }));
      }),
    );
    for (const { res, who, i } of answers) {
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ userId: who.userId, text: `n${i}` });
    }
  });

  it('holds no user outside a request', () => {
    const context = t.app.get(UserContextService);
    expect(context.user).toBeUndefined();
    expect(() => context.requireUser()).toThrow(/No signed-in user/);
  });
});
