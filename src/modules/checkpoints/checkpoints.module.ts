import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module.js';
import { TriageModule } from '../triage/triage.module.js';
import { CheckpointPlannerModule } from './checkpoint-planner.module.js';
import { CheckpointsController } from './checkpoints.controller.js';
import { CheckpointsService } from './checkpoints.service.js';

/** The checkpoint routes (API process). */
@Module({
  imports: [CheckpointPlannerModule, PlansModule, TriageModule],
  controllers: [CheckpointsController],
  providers: [CheckpointsService],
})
export class CheckpointsModule {}
