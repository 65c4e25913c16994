import { Module } from '@nestjs/common';
import { OutboxModule } from '../../common/outbox/outbox.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AccountLinkStore } from './account-link.store.js';
import { AccountLinksService } from './account-links.service.js';

/** Invitation and password-reset links: made by the API, e-mailed by the worker. */
@Module({
  imports: [OutboxModule, NotificationsModule],
  providers: [AccountLinksService, AccountLinkStore],
  exports: [AccountLinksService],
})
export class AccountLinksModule {}
