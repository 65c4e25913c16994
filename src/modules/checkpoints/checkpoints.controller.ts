import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Param,
  type PipeTransform,
  Post,
  Put,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNoContentResponse,
  ApiParam,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
import { CheckpointsService } from './checkpoints.service.js';
import {
  CheckpointDetailDto,
  CheckpointDto,
  CheckpointTemplateDto,
  MILESTONE_KINDS,
  MilestoneDto,
  type MilestoneKind,
  RecordMilestoneDto,
  RecordOutcomeDto,
  RescheduleCheckpointDto,
} from './dto/checkpoint.dto.js';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The ETag it was read with' };

/** A trajectory event kind in the path, or 400 naming `kind`. */
const MILESTONE_KIND_PARAM: PipeTransform<string, MilestoneKind> = {
  transform(value: string): MilestoneKind {
    if ((MILESTONE_KINDS as readonly string[]).includes(value)) return value as MilestoneKind;
    throw new DomainError('validation_failed', 'Some fields are invalid.', {
      errors: [{ field: 'kind', message: `kind must be one of ${MILESTONE_KINDS.join(', ')}` }],
    });
  },
};

@ApiTags('checkpoints')
@ApiBearerAuth()
@Controller()
export class CheckpointsController {
  constructor(
    private readonly checkpoints: CheckpointsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @RequirePermission(Permission.CheckpointsRead)
  @Get('episodes/:id/checkpoints')
  @ApiOperation({ summary: "The episode's checkpoints, statutory and clinical, by due date" })
  @ApiOkResponse({ type: [CheckpointDto] })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<CheckpointDto[]> {
    return this.checkpoints.list(user, id);
  }

  @RequirePermission(Permission.CheckpointsRead)
  @Get('checkpoints/:id')
  @ApiOperation({
    summary: 'One checkpoint with its pre-filled agenda (the clinical part for the care team only)',
  })
  @ApiOkResponse({ type: CheckpointDetailDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<CheckpointDetailDto> {
    return this.checkpoints.get(user, id);
  }

  @RequirePermission(Permission.CheckpointsRead)
  @Get('checkpoints/:id/calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="checkpoint.ics"')
  @ApiOperation({ summary: 'The checkpoint as a calendar event (.ics): title, date and link only' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ schema: { type: 'string' } })
  calendar(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<string> {
    return this.checkpoints.calendar(user, id, this.config.appUrl);
  }

  @RequirePermission(Permission.CheckpointsManage)
  @Post('checkpoints/:id/reschedule')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Move a planned checkpoint with a reason (a statutory deadline only earlier)',
  })
  @ApiOkResponse({ type: CheckpointDto })
  reschedule(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RescheduleCheckpointDto,
  ): Promise<CheckpointDto> {
    return this.checkpoints.reschedule(user, id, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.CheckpointSignOff)
  @Post('checkpoints/:id/sign-off')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign off for the participant role you hold (once)' })
  @ApiOkResponse({ type: CheckpointDto })
  signOff(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<CheckpointDto> {
    return this.checkpoints.signOff(user, id);
  }

  @RequirePermission(Permission.CheckpointDecide)
  @Post('checkpoints/:id/outcome')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Record the outcome: continue, adjust_plan (new plan version), escalate (multidisciplinary pathway) or close (the episode)',
  })
  @ApiOkResponse({ type: CheckpointDto })
  outcome(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RecordOutcomeDto,
  ): Promise<CheckpointDto> {
    return this.checkpoints.recordOutcome(user, id, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.CheckpointsRead)
  @Get('episodes/:id/milestones')
  @ApiOperation({ summary: 'Dated events of the Belgian re-integration trajectory' })
  @ApiOkResponse({ type: [MilestoneDto] })
  milestones(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<MilestoneDto[]> {
    return this.checkpoints.milestones(user, id);
  }

  @RequirePermission(Permission.MilestonesRecord)
  @Put('episodes/:id/milestones')
  @ApiOperation({
    summary:
      'Record or correct a trajectory event (request received, decision A/B/C, plan offered); its deadlines are re-planned',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'To correct an event already recorded: the ETag it was read with',
  })
  @ApiOkResponse({ type: MilestoneDto })
  recordMilestone(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RecordMilestoneDto,
  ): Promise<MilestoneDto> {
    return this.checkpoints.recordMilestone(
      user,
      id,
      dto,
      ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch),
    );
  }

  @RequirePermission(Permission.MilestonesRecord)
  @Delete('episodes/:id/milestones/:kind')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  @ApiParam({ name: 'kind', enum: MILESTONE_KINDS })
  @ApiOperation({
    summary:
      'Withdraw a trajectory event recorded by mistake; the deadlines counted from it are cancelled',
  })
  @ApiNoContentResponse()
  async withdrawMilestone(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('kind', MILESTONE_KIND_PARAM) kind: MilestoneKind,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.checkpoints.withdrawMilestone(user, id, kind, versionFromIfMatch(ifMatch));
  }

  @RequirePermission(Permission.CheckpointTemplatesRead)
  @Get('checkpoint-templates')
  @ApiOperation({ summary: 'Every version of every checkpoint template, with source and validity' })
  @ApiOkResponse({ type: [CheckpointTemplateDto] })
  templates(): Promise<CheckpointTemplateDto[]> {
    return this.checkpoints.templates();
  }
}
