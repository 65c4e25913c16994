import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
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
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { calendarDateParam, uuidParam } from '../../common/http/validation.js';
import {
  CareTeamDto,
  EpisodeClinicalDto,
  EpisodeEventDto,
  EpisodeFunctionalDto,
  EpisodePageDto,
  ListEpisodesQuery,
  OpenEpisodeDto,
  QuestionnaireResponseDto,
  RecordComplaintDto,
  RecordQuestionnaireDto,
  RecordWorkStatusDto,
  TransitionEpisodeDto,
  WorkStatusDto,
} from './dto/episode.dto.js';
import { EpisodesService } from './episodes.service.js';

@ApiTags('episodes')
@ApiBearerAuth()
@Controller('episodes')
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  @RequirePermission(Permission.EpisodesManage)
  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiOperation({ summary: 'Open an episode (referral) for an employee of your employer' })
  @ApiCreatedResponse({ type: EpisodeFunctionalDto })
  open(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: OpenEpisodeDto,
  ): Promise<EpisodeFunctionalDto> {
    return this.episodes.open(user, dto);
  }

  @RequirePermission(Permission.EpisodesRead)
  @Get()
  @ApiOperation({
    summary: 'Episodes you may see, in functional terms, a page at a time with the true total',
  })
  @ApiOkResponse({ type: EpisodePageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListEpisodesQuery,
  ): Promise<EpisodePageDto> {
    return this.episodes.list(user, query);
  }

  @RequirePermission(Permission.EpisodesRead)
  @Get(':id')
  @ApiOperation({
    summary: 'One episode',
    description:
      'The care team receives the clinical view (the read is audited); HR and the employee the functional one.',
  })
  @ApiExtraModels(EpisodeFunctionalDto, EpisodeClinicalDto)
  @ApiOkResponse({
    schema: {
      // The clinical view holds every field of the functional one: a body matches both.
      anyOf: [
        { $ref: getSchemaPath(EpisodeClinicalDto) },
        { $ref: getSchemaPath(EpisodeFunctionalDto) },
      ],
    },
  })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<EpisodeFunctionalDto | EpisodeClinicalDto> {
    return this.episodes.get(user, id);
  }

  @RequirePermission(Permission.CareTeamManage)
  @Put(':id/care-team')
  @ApiOperation({
    summary: 'Put a physiotherapist and a serving occupational doctor on the care team',
  })
  @ApiOkResponse({ type: EpisodeFunctionalDto })
  setCareTeam(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CareTeamDto,
  ): Promise<EpisodeFunctionalDto> {
    return this.episodes.setCareTeam(user, id, dto);
  }

  @RequirePermission(Permission.EpisodesTransition)
  @Post(':id/transitions')
  @HttpCode(200)
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag the episode was read with',
  })
  @ApiOperation({
    summary: 'Move the episode through referred, intake, active, monitoring, closed',
  })
  @ApiOkResponse({ type: EpisodeFunctionalDto })
  transition(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: TransitionEpisodeDto,
  ): Promise<EpisodeFunctionalDto> {
    return this.episodes.transition(user, id, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.QuestionnairesWrite)
  @Post(':id/questionnaires')
  @ApiOperation({
    summary: 'Store a completed instrument; it is scored as published (clinical, audited)',
  })
  @ApiCreatedResponse({ type: QuestionnaireResponseDto })
  recordQuestionnaire(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordQuestionnaireDto,
  ): Promise<QuestionnaireResponseDto> {
    return this.episodes.recordQuestionnaire(user, id, dto);
  }

  @RequirePermission(Permission.QuestionnairesRead)
  @Get(':id/questionnaires')
  @ApiOperation({ summary: 'The instruments of an episode with their scores (care team; audited)' })
  @ApiOkResponse({ type: [QuestionnaireResponseDto] })
  listQuestionnaires(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<QuestionnaireResponseDto[]> {
    return this.episodes.listQuestionnaires(user, id);
  }

  @RequirePermission(Permission.ComplaintWrite)
  @Put(':id/complaint')
  @ApiOperation({ summary: 'Record the complaint (clinical; care team only; audited)' })
  @ApiOkResponse({ type: EpisodeClinicalDto })
  recordComplaint(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordComplaintDto,
  ): Promise<EpisodeClinicalDto> {
    return this.episodes.recordComplaint(user, id, dto);
  }

  @RequirePermission(Permission.EpisodesRead)
  @Get(':id/work-status')
  @ApiOperation({ summary: 'The work status timeline: absent, partial (% of contract), full duty' })
  @ApiOkResponse({ type: [WorkStatusDto] })
  workStatus(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<WorkStatusDto[]> {
    return this.episodes.workStatusTimeline(user, id);
  }

  @RequirePermission(Permission.WorkStatusWrite)
  @Post(':id/work-status')
  @ApiOperation({
    summary: 'Add a step to the work status timeline, with restrictions in functional terms',
  })
  @ApiCreatedResponse({ type: [WorkStatusDto] })
  recordWorkStatus(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordWorkStatusDto,
  ): Promise<WorkStatusDto[]> {
    return this.episodes.recordWorkStatus(user, id, dto);
  }

  @RequirePermission(Permission.WorkStatusWrite)
  @Delete(':id/work-status/:effectiveFrom')
  @ApiOperation({
    summary:
      'Remove a step of the work status timeline recorded in error (not the first); the absence clock and deadlines follow',
  })
  @ApiOkResponse({ type: [WorkStatusDto] })
  removeWorkStatus(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('effectiveFrom', calendarDateParam('effectiveFrom')) effectiveFrom: string,
  ): Promise<WorkStatusDto[]> {
    return this.episodes.removeWorkStatus(user, id, effectiveFrom);
  }

  @RequirePermission(Permission.EpisodesRead)
  @Get(':id/history')
  @ApiOperation({
    summary:
      "The episode's history: every status change with its cause (a person's move or the platform following the work) and every decision of the absence clock",
  })
  @ApiOkResponse({ type: [EpisodeEventDto] })
  history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<EpisodeEventDto[]> {
    return this.episodes.history(user, id);
  }
}
