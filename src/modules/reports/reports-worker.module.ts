import { Module } from '@nestjs/common';
import { ComplaintTrendsService } from './complaint-trends.service.js';
import { RollupRebuildSweep } from './jobs/rollup-rebuild.sweep.js';
import { RollupProcessor } from './jobs/rollup.processor.js';

/** The worker's part of reports: month refreshes after changes, the daily full rebuild. */
@Module({ providers: [ComplaintTrendsService, RollupProcessor, RollupRebuildSweep] })
export class ReportsWorkerModule {}
