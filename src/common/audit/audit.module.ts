import { Global, Module } from '@nestjs/common';
import { ClinicalAccessService } from '../access/clinical-access.service.js';
import { AuditService } from './audit.service.js';

@Global()
/** The audit path and the clinical access built on it: every feature reaches clinical data through these. */
@Module({
  providers: [AuditService, ClinicalAccessService],
  exports: [AuditService, ClinicalAccessService],
})
export class AuditModule {}
