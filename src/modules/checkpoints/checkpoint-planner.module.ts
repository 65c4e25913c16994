import { Module } from '@nestjs/common';
import { OutboxModule } from '../../common/outbox/outbox.module.js';
import { CheckpointPlanner } from './checkpoint-planner.service.js';

/** Re-planning an episode's checkpoints: used by every feature that changes their dates. */
@Module({ imports: [OutboxModule], providers: [CheckpointPlanner], exports: [CheckpointPlanner] })
export class CheckpointPlannerModule {}
