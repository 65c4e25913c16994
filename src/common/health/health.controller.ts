import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../auth/public.decorator.js';
import { DomainError } from '../errors/domain-error.js';
import {
  PROBLEM_CONTENT_TYPE,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
} from '../errors/problem-details.js';
import { HealthCheckResultDto, HealthIndicatorDto } from './health-result.dto.js';
import { JobEnqueueService } from '../queue/job-enqueue.service.js';
import { QueueName } from '../queue/queue-names.js';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@ApiExtraModels(HealthIndicatorDto)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly jobs: JobEnqueueService,
  ) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is running and its event loop answers' })
  @ApiOkResponse({ description: 'The process is alive', type: HealthCheckResultDto })
  @HealthCheck({ swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer within 1.5 s' })
  @ApiOkResponse({ description: 'Ready to serve', type: HealthCheckResultDto })
  @ApiServiceUnavailableResponse({
    description: 'Not ready: problem details whose detail names the dependencies that are down',
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
    },
  })
  @HealthCheck({ swaggerDocumentation: false })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () =>
          this.indicators
            .check('redis')
            .attempt(async () => {
              await this.jobs.queue(QueueName.Maintenance).client.ping();
            })
            .withTimeout(CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // The indicators' own messages quote hosts and ports; only their names are passed on.
      const { error: down = {} } = error.getResponse() as HealthCheckResult;
      throw new DomainError(
        'service_unavailable',
        `Not ready: ${Object.keys(down).sort().join(' and ') || 'a dependency'} not answering.`,
        { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
      );
    }
  }
}
