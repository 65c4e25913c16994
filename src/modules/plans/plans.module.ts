import { Module } from '@nestjs/common';
import { CheckpointPlannerModule } from '../checkpoints/checkpoint-planner.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { InterventionsController } from './interventions.controller.js';
import { InterventionsService } from './interventions.service.js';
import { PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';
import { ProgressController } from './progress.controller.js';
import { ProgressService } from './progress.service.js';

@Module({
  imports: [NotificationsModule, CheckpointPlannerModule],
  controllers: [PlansController, ProgressController, InterventionsController],
  providers: [PlansService, ProgressService, InterventionsService],
  exports: [PlansService, ProgressService],
})
export class PlansModule {}
