import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { DomainError } from '../errors/domain-error';
import { Public } from '../http/public.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { HealthStatusDto } from './health-status.dto';
import { RedisHealthIndicator } from './redis.health';

const READY_RETRY_AFTER_SECONDS = 1;

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ type: HealthStatusDto })
  live(): HealthStatusDto {
    return { status: 'ok', info: {} };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database (and Redis when configured) answer' })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiErrors('SERVICE_UNAVAILABLE')
  async ready(): Promise<HealthStatusDto> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1500 }),
        () => this.redis.ping('redis'),
      ]);
    } catch (error) {
      const details = (error as { response?: HealthCheckResult }).response;
      const down = Object.keys(details?.error ?? {}).sort();
      // Retry-After as on every other 503: a balancer or client knows when to ask again.
      throw new DomainError('SERVICE_UNAVAILABLE', `Not ready: ${down.join(', ') || 'unknown'} unavailable.`, {
        retryAfterSeconds: READY_RETRY_AFTER_SECONDS,
      });
    }
    return { status: 'ok', info: result.info ?? {} };
  }
}
