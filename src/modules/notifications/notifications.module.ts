import { Module } from '@nestjs/common';
import { MailDeliveryService } from './mail-delivery.service.js';
import { MailerService } from './mailer.service.js';
import { NotificationMailStore } from './notification-mail.store.js';
import { NotificationsService } from './notifications.service.js';

/** Writing notifications and their e-mail copies: used by features in both processes. */
@Module({
  providers: [NotificationsService, MailerService, MailDeliveryService, NotificationMailStore],
  exports: [NotificationsService, MailDeliveryService, MailerService],
})
export class NotificationsModule {}
