import { Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service.js';

/** Writing notifications: used by features in both processes. */
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
