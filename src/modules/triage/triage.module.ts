import { Module } from '@nestjs/common';
import { CheckpointPlannerModule } from '../checkpoints/checkpoint-planner.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { PathwayService } from './pathway.service.js';
import { TriageController } from './triage.controller.js';
import { TriageService } from './triage.service.js';

@Module({
  imports: [NotificationsModule, CheckpointPlannerModule],
  controllers: [TriageController],
  providers: [TriageService, PathwayService],
  exports: [PathwayService],
})
export class TriageModule {}
