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
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import { BODY_REGIONS, type BodyRegion } from '../episodes/entities/complaint.entity.js';
import {
  ClearRedFlagsDto,
  OverridePathwayDto,
  PathwayDto,
  RecordIntakeDto,
  RedFlagDto,
  TriageDto,
} from './dto/triage.dto.js';
import { PathwayService } from './pathway.service.js';
import { redFlagsForRegions } from './red-flags.js';
import { TriageService } from './triage.service.js';

const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'The ETag the pathway was read with',
};

@ApiTags('triage')
@ApiBearerAuth()
@Controller()
export class TriageController {
  constructor(
    private readonly triage: TriageService,
    private readonly pathways: PathwayService,
  ) {}

  @RequirePermission(Permission.TriageRead)
  @Get('triage/red-flags')
  @ApiOperation({ summary: 'The red flags to screen for a complaint in the given regions' })
  @ApiQuery({
    name: 'regions',
    description: 'Body regions, comma-separated or the parameter repeated',
    example: 'low_back',
  })
  @ApiOkResponse({ type: [RedFlagDto] })
  redFlags(@Query('regions') regions: string | string[] | undefined): RedFlagDto[] {
    // `regions=neck,low_back` and `regions=neck&regions=low_back` both list two regions.
    const list = [regions ?? []]
      .flat()
      .flatMap((value) => (typeof value === 'string' ? value.split(',') : [null]))
      .filter((value) => value !== '');
    if (
      !list.length ||
      !list.every((r) => r !== null && (BODY_REGIONS as readonly (string | null)[]).includes(r))
    ) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [
          {
            field: 'regions',
            message: `regions must list one or more of ${BODY_REGIONS.join(', ')}`,
          },
        ],
      });
    }
    return redFlagsForRegions(list as BodyRegion[]).map((flag) => ({
      code: flag.code,
      label: flag.label,
      category: flag.category,
      emergency: flag.emergency,
      regions: [...flag.regions],
    }));
  }

  @RequirePermission(Permission.TriageRead)
  @Get('episodes/:id/triage')
  @ApiOperation({ summary: 'The intake: red-flag screen and rehabilitation potential (audited)' })
  @ApiOkResponse({ type: TriageDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<TriageDto> {
    return this.triage.get(user, id);
  }

  @RequirePermission(Permission.TriageWrite)
  @Put('episodes/:id/intake')
  @ApiOperation({
    summary: 'Record the intake; any red flag makes the episode an urgent referral',
    description:
      'Every red flag for the complaint regions must be answered. A red flag present notifies the occupational doctor and holds the physio-led pathway until the doctor clears it. The pathway is re-evaluated.',
  })
  @ApiOkResponse({ type: TriageDto })
  recordIntake(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: RecordIntakeDto,
  ): Promise<TriageDto> {
    return this.triage.recordIntake(user, id, dto);
  }

  @RequirePermission(Permission.RedFlagsClear)
  @Post('episodes/:id/red-flags/clearance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Clear pending red flags after medical review (occupational doctor)' })
  @ApiOkResponse({ type: TriageDto })
  clearRedFlags(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: ClearRedFlagsDto,
  ): Promise<TriageDto> {
    return this.triage.clearRedFlags(user, id, dto);
  }

  @RequirePermission(Permission.TriageRead)
  @Get('episodes/:id/pathway')
  @ApiOperation({
    summary:
      'The recommended pathway, its components with evidence grades, and the rules that fired',
  })
  @ApiOkResponse({ type: PathwayDto })
  pathway(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<PathwayDto> {
    return this.pathways.get(user, id);
  }

  @RequirePermission(Permission.PathwayOverride)
  @Put('episodes/:id/pathway/override')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Override the recommended pathway with a reason (occupational doctor)' })
  @ApiOkResponse({ type: PathwayDto })
  override(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: OverridePathwayDto,
  ): Promise<PathwayDto> {
    return this.pathways.override(user, id, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.PathwayOverride)
  @Delete('episodes/:id/pathway/override')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Withdraw the override: the recommendation applies again' })
  @ApiOkResponse({ type: PathwayDto })
  withdrawOverride(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<PathwayDto> {
    return this.pathways.withdrawOverride(user, id, versionFromIfMatch(ifMatch));
  }
}
