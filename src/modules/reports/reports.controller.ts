import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { uuidParam } from '../../common/http/validation.js';
import { Expensive } from '../../common/request-limits/expensive.decorator.js';
import { ComplaintTrendsService } from './complaint-trends.service.js';
import { ComplaintTrendsDto, ComplaintTrendsQuery } from './dto/complaint-trends.dto.js';
import { EmployerReportDto, EmployerReportQuery } from './dto/employer-report.dto.js';
import { OutcomesDto, OutcomesQuery } from './dto/outcomes.dto.js';
import {
  ReintegrationEvaluationDto,
  ReintegrationEvaluationQuery,
} from './dto/reintegration-evaluation.dto.js';
import {
  EvaluationExportQuery,
  OutcomesExportQuery,
  TrendChartQuery,
  TrendsExportQuery,
} from './dto/report-files.dto.js';
import { EmployerReportsService } from './employer-reports.service.js';
import { OutcomesService } from './outcomes.service.js';
import { ReintegrationEvaluationService } from './reintegration-evaluation.service.js';
import { ReportFilesService } from './report-files.service.js';

const TABLE_TYPES = [
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];
const FILE = { schema: { type: 'string', format: 'binary' } };

// Every report is a query over the cube or an employer's records, and exports and charts add
// drawing and encoding to it: all of them count towards the expensive routes' limit.
@ApiTags('reports')
@ApiBearerAuth()
@Expensive()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly trends: ComplaintTrendsService,
    private readonly outcomes: OutcomesService,
    private readonly employers: EmployerReportsService,
    private readonly evaluation: ReintegrationEvaluationService,
    private readonly files: ReportFilesService,
  ) {}

  @RequirePermission(Permission.SectorReportsRead)
  @Get('complaint-trends')
  @ApiOperation({
    summary:
      'New episodes, incidence, prevalence and absence per period for any sector, region, size band and body region, with the change against the previous period and a year earlier; small cells withheld',
  })
  @ApiOkResponse({ type: ComplaintTrendsDto })
  complaintTrends(@Query() query: ComplaintTrendsQuery): Promise<ComplaintTrendsDto> {
    return this.trends.trends(query);
  }

  @RequirePermission(Permission.SectorReportsRead)
  @Get('complaint-trends/export')
  @ApiOperation({ summary: 'The same trend as a CSV file or an Excel workbook' })
  @ApiProduces(...TABLE_TYPES)
  @ApiOkResponse(FILE)
  exportTrends(@Query() query: TrendsExportQuery): Promise<StreamableFile> {
    return this.files.trendsTable(query);
  }

  @RequirePermission(Permission.SectorReportsRead)
  @Get('complaint-trends/chart')
  @ApiOperation({
    summary:
      'A trend drawn as an SVG line chart, one line per sector or region on request; withheld periods are gaps',
  })
  @ApiProduces('image/svg+xml')
  @ApiOkResponse(FILE)
  chart(@Query() query: TrendChartQuery): Promise<StreamableFile> {
    return this.files.chart(query);
  }

  @RequirePermission(Permission.SectorReportsRead)
  @Get('outcomes')
  @ApiOperation({
    summary:
      "Outcomes of a year's episodes by pathway and risk stratum: median days to full return, returns by 12 weeks and 6 months, recurrence within 28 days",
  })
  @ApiOkResponse({ type: OutcomesDto })
  outcomeCohort(@Query() query: OutcomesQuery): Promise<OutcomesDto> {
    return this.outcomes.outcomes(query);
  }

  @RequirePermission(Permission.SectorReportsRead)
  @Get('outcomes/export')
  @ApiOperation({ summary: 'The same outcomes as a CSV file or an Excel workbook' })
  @ApiProduces(...TABLE_TYPES)
  @ApiOkResponse(FILE)
  exportOutcomes(@Query() query: OutcomesExportQuery): Promise<StreamableFile> {
    return this.files.outcomesTable(query);
  }

  @RequirePermission(Permission.EmployerReportsRead)
  @Get('employers')
  @ApiOperation({
    summary:
      "Each employer's own figures against its sector (shown where the sector has at least 5 other employers): HR its employer, the occupational doctor the employers its service serves",
  })
  @ApiOkResponse({ type: EmployerReportDto })
  employerReport(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: EmployerReportQuery,
  ): Promise<EmployerReportDto> {
    return this.employers.report(user, query);
  }

  @RequirePermission(Permission.ReintegrationEvaluationRead)
  @Get('employers/:employerId/reintegration-evaluation')
  @ApiOperation({
    summary:
      "Belgium's yearly evaluation of the employer's collective re-integration policy, drawn up from the records",
  })
  @ApiOkResponse({ type: ReintegrationEvaluationDto })
  reintegrationEvaluation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('employerId', uuidParam('employerId')) employerId: string,
    @Query() query: ReintegrationEvaluationQuery,
  ): Promise<ReintegrationEvaluationDto> {
    return this.evaluation.evaluate(user, employerId, query.year);
  }

  @RequirePermission(Permission.ReintegrationEvaluationRead)
  @Get('employers/:employerId/reintegration-evaluation/export')
  @ApiOperation({ summary: 'The same evaluation as a CSV file or an Excel workbook' })
  @ApiProduces(...TABLE_TYPES)
  @ApiOkResponse(FILE)
  exportEvaluation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('employerId', uuidParam('employerId')) employerId: string,
    @Query() query: EvaluationExportQuery,
  ): Promise<StreamableFile> {
    return this.files.evaluationTable(user, employerId, query);
  }
}
