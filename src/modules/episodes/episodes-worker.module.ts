import { Module } from '@nestjs/common';
import { LifecycleSweep } from './jobs/lifecycle.sweep.js';

/** The worker's part of episodes: the lifecycle following the work as days pass. */
@Module({ providers: [LifecycleSweep] })
export class EpisodesWorkerModule {}
