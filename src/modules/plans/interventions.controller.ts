import { Body, Controller, Get, Headers, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../../common/idempotency/idempotency.interceptor.js';
import {
  CreateInterventionDto,
  InterventionDto,
  UpdateInterventionDto,
} from './dto/intervention.dto.js';
import { InterventionsService } from './interventions.service.js';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('episodes/:id/interventions')
export class InterventionsController {
  constructor(private readonly interventions: InterventionsService) {}

  @RequirePermission(Permission.InterventionsManage)
  @Post()
  @ApiHeader(IDEMPOTENCY_KEY_HEADER_DOC)
  @ApiOperation({ summary: 'HR adds a workplace intervention (audited)' })
  @ApiCreatedResponse({ type: InterventionDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: CreateInterventionDto,
  ): Promise<InterventionDto> {
    return this.interventions.create(user, id, dto);
  }

  @RequirePermission(Permission.InterventionsRead)
  @Get()
  @ApiOperation({ summary: "The episode's workplace interventions (functional: everyone on it)" })
  @ApiOkResponse({ type: [InterventionDto] })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<InterventionDto[]> {
    return this.interventions.list(user, id);
  }

  @RequirePermission(Permission.InterventionsManage)
  @Patch(':interventionId')
  @ApiOperation({ summary: 'Change status, owner, due date, cost or description' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag it was read with' })
  @ApiOkResponse({ type: InterventionDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('interventionId', uuidParam('interventionId')) interventionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateInterventionDto,
  ): Promise<InterventionDto> {
    return this.interventions.update(user, id, interventionId, versionFromIfMatch(ifMatch), dto);
  }
}
