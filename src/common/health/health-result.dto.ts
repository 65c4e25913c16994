import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthIndicatorDto {
  @ApiProperty({ enum: ['up', 'degraded', 'down'] })
  status: 'up' | 'degraded' | 'down';

  @ApiPropertyOptional({ description: 'Milliseconds the check took' })
  responseTime?: number;
}

const INDICATORS = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/HealthIndicatorDto' },
} as const;

export class HealthCheckResultDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'error', 'shutting_down'] })
  status: string;

  @ApiPropertyOptional({ ...INDICATORS, description: 'Indicators that are up' })
  info?: Record<string, HealthIndicatorDto>;

  @ApiPropertyOptional({ ...INDICATORS, description: 'Indicators that are down' })
  error?: Record<string, HealthIndicatorDto>;

  @ApiProperty({ ...INDICATORS, description: 'Every indicator' })
  details: Record<string, HealthIndicatorDto>;
}
