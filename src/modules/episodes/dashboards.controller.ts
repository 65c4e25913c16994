import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { PageQuery } from '../../common/http/page-query.js';
import { DashboardsService } from './dashboards.service.js';
import {
  CaseloadDashboardDto,
  EmployerDashboardDto,
  ReviewDashboardDto,
} from './dto/dashboard.dto.js';

@ApiTags('dashboards')
@ApiBearerAuth()
@Controller('dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @RequirePermission(Permission.EmployerDashboard)
  @Get('employer')
  @ApiOperation({
    summary: "HR: the employer's open episodes by status, soonest due first (functional only)",
  })
  @ApiOkResponse({ type: EmployerDashboardDto })
  employer(
    @CurrentUser() user: AuthenticatedUser,
    @Query() page: PageQuery,
  ): Promise<EmployerDashboardDto> {
    return this.dashboards.employer(user, page);
  }

  @RequirePermission(Permission.CaseloadDashboard)
  @Get('caseload')
  @ApiOperation({
    summary: "The physiotherapist's open caseload with its clinical state (audited per episode)",
    description:
      'What needs attention first: red flags awaiting the doctor, then overdue steps, then a high risk of chronicity; within each, soonest due first.',
  })
  @ApiOkResponse({ type: CaseloadDashboardDto })
  caseload(
    @CurrentUser() user: AuthenticatedUser,
    @Query() page: PageQuery,
  ): Promise<CaseloadDashboardDto> {
    return this.dashboards.caseload(user, page);
  }

  @RequirePermission(Permission.ReviewDashboard)
  @Get('review')
  @ApiOperation({
    summary:
      'The occupational doctor: urgent referrals awaiting review, emergencies first (audited)',
  })
  @ApiOkResponse({ type: ReviewDashboardDto })
  review(
    @CurrentUser() user: AuthenticatedUser,
    @Query() page: PageQuery,
  ): Promise<ReviewDashboardDto> {
    return this.dashboards.review(user, page);
  }
}
