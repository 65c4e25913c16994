import { Module } from '@nestjs/common';
import { CheckpointPlannerModule } from '../checkpoints/checkpoint-planner.module.js';
import { AbsenceClockService } from './absence-clock.service.js';
import { LifecycleSweep } from './jobs/lifecycle.sweep.js';

/**
 * The worker's part of episodes, as days pass: steps recorded ahead take effect on the absence
 * clock, and the lifecycle follows the work.
 */
@Module({ imports: [CheckpointPlannerModule], providers: [AbsenceClockService, LifecycleSweep] })
export class EpisodesWorkerModule {}
