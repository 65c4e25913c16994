import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { PageQuery } from '../../common/http/page-query.js';
import { queryPage } from '../../database/paged-query.js';
import type { NotificationDto, NotificationPageDto } from './dto/notification.dto.js';
import { EMAILED_KINDS, type NotificationKind, notificationText } from './notification-texts.js';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  episode_id: string | null;
  created_at: Date;
  read_at: Date | null;
  locale: string;
}

/**
 * The in-app inbox. Notifications are written in the transaction of the change that causes them,
 * so they exist exactly when the change does; the unique key makes a repeated trigger a no-op.
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Notifies each recipient once per kind and subject. Kinds sent by e-mail too are marked
   * pending; the worker's mail job sends them. Returns the ids of the new notifications.
   */
  async notify(
    manager: EntityManager,
    notification: {
      recipients: readonly string[];
      kind: NotificationKind;
      subjectKey: string;
      episodeId?: string;
    },
  ): Promise<string[]> {
    if (!notification.recipients.length) return [];
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO notification (recipient_user_id, kind, subject_key, episode_id, email_state)
       SELECT DISTINCT unnest($1::uuid[]), $2, $3, $4::uuid, $5
       ON CONFLICT ON CONSTRAINT "UQ_notification_recipient_kind_subject" DO NOTHING
       RETURNING id`,
      [
        notification.recipients,
        notification.kind,
        notification.subjectKey,
        notification.episodeId ?? null,
        EMAILED_KINDS.has(notification.kind) ? 'pending' : 'none',
      ],
    );
    return rows.map((row) => row.id);
  }

  async list(actor: AuthenticatedUser, page: PageQuery): Promise<NotificationPageDto> {
    const [result, [{ unread }]] = await Promise.all([
      queryPage(
        this.dataSource,
        {
          select: 'n.id, n.kind, n.episode_id, n.created_at, n.read_at, u.locale',
          from: 'notification n JOIN app_user u ON u.id = n.recipient_user_id',
          where: 'n.recipient_user_id = $1',
          orderBy: 'n.created_at DESC, n.id',
          params: [actor.id],
        },
        page,
        toDto,
      ),
      this.dataSource.query<{ unread: string }[]>(
        `SELECT count(*) AS unread FROM notification WHERE recipient_user_id = $1 AND read_at IS NULL`,
        [actor.id],
      ),
    ]);
    return { ...result, unread: Number(unread) };
  }

  /** Marks one of the caller's own notifications read; someone else's answers 404. */
  async markRead(actor: AuthenticatedUser, id: string): Promise<NotificationDto> {
    const [row] = await this.dataSource.query<NotificationRow[]>(
      `WITH marked AS (
         UPDATE notification SET read_at = coalesce(read_at, now())
          WHERE id = $1 AND recipient_user_id = $2 RETURNING *)
       SELECT m.id, m.kind, m.episode_id, m.created_at, m.read_at, u.locale
         FROM marked m JOIN app_user u ON u.id = m.recipient_user_id`,
      [id, actor.id],
    );
    if (!row) throw new DomainError('not_found', 'The requested resource does not exist.');
    return toDto(row);
  }
}

function toDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    text: notificationText(row.kind, row.locale),
    episodeId: row.episode_id,
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}
