import { PageQuery } from '../../../common/http/page-query.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/roles.js';
import {
  LOCALES,
  type Locale,
  REGISTRATION_SCHEMES,
  type RegistrationScheme,
  USER_STATUSES,
  type UserStatus,
} from '../entities/user.entity.js';
import { AccountEmailProperty } from '../email-address.js';
import { PasswordWithLinkDto } from './auth.dto.js';
import { Trimmed } from '../../../common/http/trimmed.js';

export class RegistrationDto {
  @ApiProperty({
    enum: REGISTRATION_SCHEMES,
    description: 'big: the Dutch BIG register; riziv: the Belgian RIZIV/INAMI number',
  })
  @IsIn(REGISTRATION_SCHEMES)
  scheme: RegistrationScheme;

  @ApiProperty({
    example: '1-23456-78-901',
    description: '11 digits; dashes, dots and spaces as written are allowed',
  })
  @IsString()
  @MaxLength(20)
  @Matches(/^[0-9][0-9\s.\-/]*$/, { message: 'number must be digits, as the register writes it' })
  number: string;
}

export class RegistrationViewDto {
  @ApiProperty({ enum: REGISTRATION_SCHEMES }) scheme: RegistrationScheme;
  @ApiProperty({ description: '11 digits' }) number: string;
  @ApiProperty({ example: 'RIZIV 1-23456-78-901', description: 'As people write it' })
  display: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: USER_STATUSES }) status: UserStatus;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: [String] }) organisationIds: string[];
  @ApiProperty({
    type: RegistrationViewDto,
    nullable: true,
    description: 'The professional registration of a physiotherapist or doctor',
  })
  registration: RegistrationViewDto | null;
  @ApiProperty({ description: 'Send as If-Match to change the account' }) version: number;
}

export class InvitationDto {
  @ApiProperty({
    description:
      'The invitation link went by e-mail to the invited address only; it works once, until this moment',
  })
  expiresAt: string;
}

export class InvitedUserDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ type: InvitationDto }) invitation: InvitationDto;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class InviteUserDto {
  @AccountEmailProperty('an.peeters@scholengroep.example')
  email: string;

  @ApiProperty({ minLength: 1, maxLength: 200 })
  @Trimmed()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    description: 'The organisation the user works for; HR invites for its own employer',
  })
  @IsOptional()
  @IsUUID('4')
  organisationId?: string;

  @ApiPropertyOptional({
    description: 'For an employee account: the employee record it belongs to',
  })
  @IsOptional()
  @IsUUID('4')
  employeeId?: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'nl' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({
    type: RegistrationDto,
    description:
      'Required for a physiotherapist or occupational doctor (invited by a manager of their own practice or service); refused for other roles',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RegistrationDto)
  registration?: RegistrationDto;
}

export class AcceptInvitationDto extends PasswordWithLinkDto {}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class AccountEventDto {
  @ApiProperty() occurredAt: string;
  @ApiProperty({
    example: 'account.invited',
    description:
      'account.invited, account.invitation_resent, account.activated, account.role_changed, account.disabled, account.password_reset',
  })
  action: string;
  @ApiProperty({ nullable: true, type: String, description: 'The account acted on' })
  accountId: string | null;
  @ApiProperty({ nullable: true, type: String }) accountName: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Who did it (null: the account itself by a link)',
  })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole: string | null;
  @ApiProperty({ enum: ['allowed', 'denied', 'failed'] }) outcome: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'Functional facts: the role and organisation of an invitation, the roles of a change',
  })
  detail: Record<string, string | number | boolean | null> | null;
  @ApiProperty({ nullable: true, type: String }) correlationId: string | null;
}

export class AccountEventPageDto {
  @ApiProperty({ type: [AccountEventDto] }) items: AccountEventDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class ListAccountEventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the events of this account' })
  @IsOptional()
  @IsUUID('4')
  accountId?: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4')
  organisationId?: string;
}
