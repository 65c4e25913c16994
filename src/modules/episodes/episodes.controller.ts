import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { uuidParam } from '../../common/http/validation.js';
import {
  CareTeamDto,
  EpisodeClinicalDto,
  EpisodeFunctionalDto,
  EpisodePageDto,
  ListEpisodesQuery,
  OpenEpisodeDto,
  RecordComplaintDto,
} from './dto/episode.dto.js';
import { EpisodesService } from './episodes.service.js';

@ApiTags('episodes')
@ApiBearerAuth()
@Controller('episodes')
export class EpisodesController {
  constructor(private readonly episodes: EpisodesService) {}

  @RequirePermission(Permission.EpisodesManage)
  @Post()
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
      oneOf: [
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
}
