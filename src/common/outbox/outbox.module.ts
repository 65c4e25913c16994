import { Module } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';

/** Writing to the transactional outbox (both processes); the relay is part of the worker. */
@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}
