import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { UsersService } from '../../auth/users/users.service';
import { NotFoundError } from '../../core/errors/domain-error';
import { NoArgumentsDto } from '../dto/no-arguments.dto';
import { toolInput } from '../dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../tool-definition';

const input = toolInput(NoArgumentsDto);

/** Who the assistant acts for. Read fresh from the users table, so a renamed account shows its new name. */
@AgentTool()
@Injectable()
export class GetAccountTool implements AgentToolDefinition<typeof input> {
  readonly name = 'get_account';
  readonly title = 'Get account';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly output = z.object({ userId: z.uuid(), email: z.string(), name: z.string(), createdAt: z.iso.datetime() });
  readonly description =
    'Returns the account you are acting for: user id, email, display name and when the account was created. ' +
    'Use it to address the user by name or when asked who they are. Takes no arguments.';
  readonly input = input;

  constructor(private readonly users: UsersService) {}

  async run(ctx: ToolContext): Promise<{ userId: string; email: string; name: string; createdAt: string }> {
    const user = await this.users.findById(ctx.userId);
    if (!user) throw new NotFoundError('Account');
    return { userId: user.id, email: user.email, name: user.name, createdAt: user.createdAt.toISOString() };
  }
}
