import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification, so a receiving system can recognise a repeated hand-over. */
  messageId: string;
}

/**
 * Hands e-mail to the SMTP relay of SMTP_URL, or with SMTP_URL=capture builds the same message and
 * keeps it in the database (`captured_mail`) instead: the demo and the tests see exactly what
 * would have been sent.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly transport: Transporter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.transport =
      config.mail.transport === 'smtp' && config.mail.smtpUrl
        ? nodemailer.createTransport(config.mail.smtpUrl, { from: config.mail.from })
        : nodemailer.createTransport({ jsonTransport: true }, { from: config.mail.from });
  }

  /**
   * @param manager the sender's transaction, which also records the mail as sent: a captured mail
   *   is kept in it, so a sender that dies before committing leaves no copy, and its retry (same
   *   Message-ID) leaves one. Through SMTP a message accepted by the relay cannot be taken back:
   *   a sender that dies between the relay's acceptance and its commit sends it again, with the
   *   same Message-ID, for the receiving side to recognise.
   */
  async send(
    mail: OutgoingMail,
    manager: EntityManager | DataSource = this.dataSource,
  ): Promise<void> {
    const message = {
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
    };
    const info = await this.transport.sendMail(message);
    if (this.config.mail.transport === 'capture') {
      // The JSON transport returns the composed message instead of sending it.
      const composed = JSON.parse(String((info as { message: unknown }).message)) as {
        subject: string;
        text: string;
      };
      await manager.query(
        `INSERT INTO captured_mail (message_id, to_address, subject, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT ON CONSTRAINT "UQ_captured_mail_message_id" DO NOTHING`,
        [mail.messageId, mail.to, composed.subject, composed.text],
      );
    }
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
