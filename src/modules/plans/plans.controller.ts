import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  type PipeTransform,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../../common/idempotency/idempotency.interceptor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import {
  ExerciseScheduleDto,
  ExerciseScheduleRequestDto,
  HoursScheduleDto,
  HoursScheduleRequestDto,
  MAX_PLAN_NUMBER,
  PlanClinicalDto,
  PlanContentDto,
  PlanDiffDto,
  PlanDiffQuery,
  PlanFunctionalDto,
  RequestChangesDto,
} from './dto/plan.dto.js';
import { PlansService } from './plans.service.js';
import { hoursSchedule, quotaSchedule } from './schedule.js';

const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'The ETag the version was read with',
};
// anyOf, not oneOf: the clinical view holds every field of the functional one, so a clinical
// body matches both schemas.
const EITHER_VIEW = {
  schema: {
    anyOf: [{ $ref: getSchemaPath(PlanClinicalDto) }, { $ref: getSchemaPath(PlanFunctionalDto) }],
  },
  description: 'The whole plan for the care team (audited); the work track for HR and the employee',
};
/** A plan version number in the path, or 400 naming `number`. */
const PLAN_NUMBER_PARAM: PipeTransform<string, number> = {
  transform(value: string): number {
    const number = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (number >= 1 && number <= MAX_PLAN_NUMBER) return number;
    throw new DomainError('validation_failed', 'Some fields are invalid.', {
      errors: [
        { field: 'number', message: `number must be a whole number from 1 to ${MAX_PLAN_NUMBER}` },
      ],
    });
  },
};

@ApiTags('plans')
@ApiBearerAuth()
@ApiExtraModels(PlanClinicalDto, PlanFunctionalDto)
@Controller()
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @RequirePermission(Permission.PlansDraft)
  @Post('episodes/:id/plans')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiOperation({
    summary: 'Draft a new plan version (physiotherapist); schedules left out are generated',
  })
  @ApiCreatedResponse({ type: PlanClinicalDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: PlanContentDto,
  ): Promise<PlanClinicalDto> {
    return this.plans.create(user, id, dto);
  }

  @RequirePermission(Permission.PlansRead)
  @Get('episodes/:id/plans')
  @ApiOperation({ summary: "The episode's plan versions, newest first" })
  @ApiOkResponse({ ...EITHER_VIEW, schema: { type: 'array', items: EITHER_VIEW.schema } })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<(PlanClinicalDto | PlanFunctionalDto)[]> {
    return this.plans.list(user, id);
  }

  @RequirePermission(Permission.PlansRead)
  @Get('episodes/:id/plans/:number')
  @ApiOperation({ summary: 'One plan version' })
  @ApiOkResponse(EITHER_VIEW)
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
  ): Promise<PlanClinicalDto | PlanFunctionalDto> {
    return this.plans.get(user, id, number);
  }

  @RequirePermission(Permission.PlansRead)
  @Get('episodes/:id/plans/:number/diff')
  @ApiOperation({
    summary:
      'What changed since another version (the one before by default), field by field; for version 1, every field as added',
  })
  @ApiOkResponse({ type: PlanDiffDto })
  diff(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Query() query: PlanDiffQuery,
  ): Promise<PlanDiffDto> {
    // Nothing comes before version 1: against nothing, everything in it is new.
    const against = query.against ?? (number > 1 ? number - 1 : null);
    return this.plans.diff(user, id, number, against);
  }

  @RequirePermission(Permission.PlansDraft)
  @Put('episodes/:id/plans/:number')
  @ApiOperation({ summary: 'Change a draft (or a version returned with remarks)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanClinicalDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PlanContentDto,
  ): Promise<PlanClinicalDto> {
    return this.plans.update(user, id, number, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.PlansDraft)
  @Post('episodes/:id/plans/:number/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a draft to the occupational doctor' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanClinicalDto })
  submit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<PlanClinicalDto> {
    return this.plans.submit(user, id, number, versionFromIfMatch(ifMatch));
  }

  @RequirePermission(Permission.PlansReview)
  @Post('episodes/:id/plans/:number/approve')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve a submitted version; it becomes final and HR is asked to acknowledge',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanClinicalDto })
  approve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<PlanClinicalDto> {
    return this.plans.approve(user, id, number, versionFromIfMatch(ifMatch));
  }

  @RequirePermission(Permission.PlansReview)
  @Post('episodes/:id/plans/:number/request-changes')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a submitted version to the physiotherapist with remarks' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanClinicalDto })
  requestChanges(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RequestChangesDto,
  ): Promise<PlanClinicalDto> {
    return this.plans.requestChanges(user, id, number, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.PlanAcknowledge)
  @Post('episodes/:id/plans/:number/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: "HR acknowledges the approved version's work track" })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanFunctionalDto })
  acknowledge(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<PlanFunctionalDto> {
    return this.plans.acknowledge(user, id, number, versionFromIfMatch(ifMatch));
  }

  @RequirePermission(Permission.PlanAgree)
  @Post('episodes/:id/plans/:number/agree')
  @HttpCode(200)
  @ApiOperation({ summary: 'The employee agrees to the approved, acknowledged version' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanFunctionalDto })
  agree(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('number', PLAN_NUMBER_PARAM) number: number,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<PlanFunctionalDto> {
    return this.plans.agree(user, id, number, versionFromIfMatch(ifMatch));
  }

  @RequirePermission(Permission.PlansDraft)
  @Post('plan-schedules/exercise')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview a graded exercise schedule: 70% of the baseline mean, linear to the target',
  })
  @ApiOkResponse({ type: ExerciseScheduleDto })
  exerciseSchedule(@Body() dto: ExerciseScheduleRequestDto): ExerciseScheduleDto {
    const schedule = quotaSchedule(dto);
    if (!schedule.ok) {
      throw new DomainError('unprocessable', 'The schedule cannot be generated.', {
        errors: schedule.errors,
      });
    }
    return { startQuota: schedule.startQuota ?? 0, steps: schedule.steps };
  }

  @RequirePermission(Permission.PlansDraft)
  @Post('plan-schedules/hours')
  @HttpCode(200)
  @ApiOperation({ summary: 'Preview graded work hours from a share of the contract to full hours' })
  @ApiOkResponse({ type: HoursScheduleDto })
  hoursSchedule(@Body() dto: HoursScheduleRequestDto): HoursScheduleDto {
    const schedule = hoursSchedule({ ...dto, targetPercent: dto.targetPercent ?? 100 });
    if (!schedule.ok) {
      throw new DomainError('unprocessable', 'The schedule cannot be generated.', {
        errors: schedule.errors,
      });
    }
    return { steps: schedule.steps };
  }
}
