import { Module } from '@nestjs/common';
import { ComplaintTrendsService } from './complaint-trends.service.js';
import { ReportsController } from './reports.controller.js';

/** Sector-level reporting, read from rollups (API process). */
@Module({
  controllers: [ReportsController],
  providers: [ComplaintTrendsService],
  exports: [ComplaintTrendsService],
})
export class ReportsModule {}
