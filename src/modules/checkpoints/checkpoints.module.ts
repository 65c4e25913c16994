import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module.js';
import { TriageModule } from '../triage/triage.module.js';
import { CheckpointPlannerModule } from './checkpoint-planner.module.js';
import { CheckpointsController } from './checkpoints.controller.js';
import { CheckpointsService } from './checkpoints.service.js';
import { TimelinePlannerController } from './timeline-planner.controller.js';
import { TimelinePlannerService } from './timeline-planner.service.js';

/** The checkpoint routes (API process), and the timeline planner that needs no episode. */
@Module({
  imports: [CheckpointPlannerModule, PlansModule, TriageModule],
  controllers: [CheckpointsController, TimelinePlannerController],
  providers: [CheckpointsService, TimelinePlannerService],
})
export class CheckpointsModule {}
