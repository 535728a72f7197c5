import { Global, Module } from '@nestjs/common';
import { UserContextMiddleware } from './user-context.middleware';
import { UserContextService } from './user-context.service';

@Global()
@Module({
  providers: [UserContextService, UserContextMiddleware],
  exports: [UserContextService, UserContextMiddleware],
})
export class ContextModule {}
