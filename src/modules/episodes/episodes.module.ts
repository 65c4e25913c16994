import { Module } from '@nestjs/common';
import { OutboxModule } from '../../common/outbox/outbox.module.js';
import { CheckpointPlannerModule } from '../checkpoints/checkpoint-planner.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { TriageModule } from '../triage/triage.module.js';
import { DashboardsController } from './dashboards.controller.js';
import { DashboardsService } from './dashboards.service.js';
import { EpisodesController } from './episodes.controller.js';
import { EpisodesService } from './episodes.service.js';
import { AbsenceClockService } from './absence-clock.service.js';
import { QuestionnaireAssignmentsController } from './questionnaire-assignments.controller.js';
import { QuestionnaireAssignmentsService } from './questionnaire-assignments.service.js';

@Module({
  imports: [TriageModule, NotificationsModule, CheckpointPlannerModule, OutboxModule],
  controllers: [EpisodesController, QuestionnaireAssignmentsController, DashboardsController],
  providers: [
    EpisodesService,
    AbsenceClockService,
    QuestionnaireAssignmentsService,
    DashboardsService,
  ],
  exports: [EpisodesService],
})
export class EpisodesModule {}
