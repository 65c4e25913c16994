import { Module } from '@nestjs/common';
import { AccountLinksModule } from './account-links.module.js';
import { AccountMailProcessor } from './jobs/account-mail.processor.js';
import { AccountMailSweep } from './jobs/account-mail.sweep.js';

/** The worker's part of accounts: the e-mails of invitation and password-reset links. */
@Module({
  imports: [AccountLinksModule],
  providers: [AccountMailProcessor, AccountMailSweep],
})
export class IdentityWorkerModule {}
