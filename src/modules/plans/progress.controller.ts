import { Body, Controller, Get, Headers, Param, Post, Put } from '@nestjs/common';
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
import { DomainError } from '../../common/errors/domain-error.js';
import { isCalendarDate } from '../../common/http/calendar-date.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../../common/idempotency/idempotency.interceptor.js';
import {
  HoursWorkedDto,
  ProgressClinicalDto,
  ProgressFunctionalDto,
  RecordHoursDto,
  RecordSessionDto,
  SessionDto,
} from './dto/progress.dto.js';
import { ProgressService } from './progress.service.js';

@ApiTags('plans')
@ApiBearerAuth()
@ApiExtraModels(ProgressClinicalDto, ProgressFunctionalDto)
@Controller('episodes/:id/progress')
export class ProgressController {
  constructor(private readonly progress: ProgressService) {}

  @RequirePermission(Permission.ProgressRead)
  @Get()
  @ApiOperation({
    summary:
      'Progress against the approved plan: sessions and outcomes for the care team (audited), hours for everyone',
  })
  @ApiOkResponse({
    schema: {
      // The clinical view holds every field of the functional one: a body matches both.
      anyOf: [
        { $ref: getSchemaPath(ProgressClinicalDto) },
        { $ref: getSchemaPath(ProgressFunctionalDto) },
      ],
    },
  })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<ProgressClinicalDto | ProgressFunctionalDto> {
    return this.progress.get(user, id);
  }

  @RequirePermission(Permission.ProgressWrite)
  @Post('sessions')
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiOperation({ summary: 'Record a session: quotas reached, pain, PSFS, adherence, a note' })
  @ApiCreatedResponse({ type: SessionDto })
  recordSession(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordSessionDto,
  ): Promise<SessionDto> {
    return this.progress.recordSession(user, id, dto);
  }

  @RequirePermission(Permission.ProgressWrite)
  @Put('sessions/:sessionId')
  @ApiOperation({ summary: 'Correct a recorded session (audited)' })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag the session was read with',
  })
  @ApiOkResponse({ type: SessionDto })
  correctSession(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('sessionId', uuidParam('sessionId')) sessionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RecordSessionDto,
  ): Promise<SessionDto> {
    return this.progress.correctSession(user, id, sessionId, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.HoursWrite)
  @Put('hours/:weekStart')
  @ApiOperation({
    summary: 'Record the hours worked in a week (its Monday); a correction needs If-Match',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'To correct a recorded week' })
  @ApiOkResponse({ type: HoursWorkedDto })
  recordHours(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('weekStart') weekStart: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: RecordHoursDto,
  ): Promise<HoursWorkedDto> {
    if (!isCalendarDate(weekStart)) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [{ field: 'weekStart', message: 'weekStart must be a calendar date (YYYY-MM-DD)' }],
      });
    }
    const expected = ifMatch === undefined ? undefined : versionFromIfMatch(ifMatch);
    return this.progress.recordHours(user, id, weekStart, expected, dto);
  }
}
