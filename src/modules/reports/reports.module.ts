import { Module } from '@nestjs/common';
import { ComplaintTrendsService } from './complaint-trends.service.js';
import { EmployerReportsService } from './employer-reports.service.js';
import { OutcomesService } from './outcomes.service.js';
import { ReintegrationEvaluationService } from './reintegration-evaluation.service.js';
import { ReportFilesService } from './report-files.service.js';
import { ReportsController } from './reports.controller.js';

/** Sector-level and employer reporting, read from the published cube (API process). */
@Module({
  controllers: [ReportsController],
  providers: [
    ComplaintTrendsService,
    OutcomesService,
    EmployerReportsService,
    ReintegrationEvaluationService,
    ReportFilesService,
  ],
  exports: [ComplaintTrendsService],
})
export class ReportsModule {}
