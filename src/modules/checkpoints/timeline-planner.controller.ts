import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { PlannedCheckpointDto, PlannerTimelineQuery } from './dto/planner.dto.js';
import { TimelinePlannerService } from './timeline-planner.service.js';

@ApiTags('checkpoints')
@ApiBearerAuth()
@Controller('planner')
export class TimelinePlannerController {
  constructor(private readonly planner: TimelinePlannerService) {}

  @RequirePermission(Permission.TimelinePlan)
  @Get('timeline')
  @ApiOperation({
    summary:
      'Plan the statutory and clinical checkpoints of a jurisdiction from a first sick day (and, optionally, the Belgian trajectory events and the plan dates), without an episode; in date order',
  })
  @ApiOkResponse({ type: [PlannedCheckpointDto] })
  timeline(@Query() query: PlannerTimelineQuery): Promise<PlannedCheckpointDto[]> {
    return this.planner.timeline(query);
  }
}
