import { PageQuery } from '../../../common/http/page-query.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES, type Role } from '../../../common/auth/roles.js';
import { LOCALES, type Locale, USER_STATUSES, type UserStatus } from '../entities/user.entity.js';
import { PASSWORD_MAX_LENGTH } from '../password-policy.js';
import { Trimmed } from '../../../common/http/trimmed.js';

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: USER_STATUSES }) status: UserStatus;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: [String] }) organisationIds: string[];
  @ApiProperty({ description: 'Send as If-Match to change the account' }) version: number;
}

export class InvitationDto {
  @ApiProperty({
    description: 'Single-use token for POST /auth/invitations/accept; give it to the invitee',
  })
  token: string;
  @ApiProperty() expiresAt: string;
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
  @ApiProperty({ example: 'an.peeters@scholengroep.example' })
  @IsEmail()
  @MaxLength(254)
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
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4')
  organisationId?: string;
}
