import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per notification, so a receiving system can recognise a repeated hand-over. */
  messageId: string;
}

/** Each well under the requeue time, after which a claim is stale and another worker may send. */
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

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
        ? nodemailer.createTransport(
            // Bounded, so that a hand-over ends well within the claim it was made under.
            { url: config.mail.smtpUrl, ...SMTP_TIMEOUTS },
            { from: config.mail.from },
          )
        : nodemailer.createTransport({ jsonTransport: true }, { from: config.mail.from });
  }

  /**
   * Hands one message to the mail server. Through SMTP a message the relay accepted cannot be
   * taken back: the caller's claim makes a second hand-over rare (a worker that dies between the
   * acceptance and its record), and it carries the same Message-ID for the receiving side to
   * recognise. The capture keeps one copy per Message-ID (its unique key), as a receiving mail
   * system that deduplicates would.
   */
  async send(mail: OutgoingMail): Promise<void> {
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
      await this.dataSource.query(
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
