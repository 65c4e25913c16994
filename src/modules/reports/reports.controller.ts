import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { ComplaintTrendsService } from './complaint-trends.service.js';
import { ComplaintTrendsDto, ComplaintTrendsQuery } from './dto/complaint-trends.dto.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly trends: ComplaintTrendsService) {}

  @RequirePermission(Permission.SectorReportsRead)
  @Get('complaint-trends')
  @ApiOperation({
    summary:
      'New episodes per period for a sector, region, size band or body region, with the change against the previous period and a year earlier; small cells withheld',
  })
  @ApiOkResponse({ type: ComplaintTrendsDto })
  complaintTrends(@Query() query: ComplaintTrendsQuery): Promise<ComplaintTrendsDto> {
    return this.trends.trends(query);
  }
}
