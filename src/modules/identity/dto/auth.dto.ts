import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LOCALES, type Locale } from '../entities/user.entity.js';
import { AccountEmailProperty } from '../email-address.js';
import { ROLES } from '../../../common/auth/roles.js';
import { PASSWORD_MAX_LENGTH } from '../password-policy.js';

const DEVICE_TOKEN_DOC = {
  description:
    'The deviceToken an earlier sign-in of this account gave this client: guesses by other clients never lock it out',
};

export class LoginDto {
  @AccountEmailProperty('hr@scholengroep.example')
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional(DEVICE_TOKEN_DOC)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  deviceToken?: string;

  @ApiPropertyOptional({
    description:
      'A current code of the authenticator, for an account with a second factor: the log-in then completes at once, and goes through even while other clients have locked the account',
    example: '123456',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totpCode must be six digits' })
  totpCode?: string;
}

export class PasswordResetRequestDto {
  @AccountEmailProperty('hr@scholengroep.example')
  email: string;
}

/** A password chosen with the token of an e-mailed link (an invitation, a password reset). */
export class PasswordWithLinkDto {
  @ApiProperty({ description: 'The token of the link the e-mail carried (after `#token=`)' })
  @IsString()
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class PasswordResetDto extends PasswordWithLinkDto {}

export class RefreshDto {
  @ApiPropertyOptional({
    description:
      "The refresh token of the last log-in or refresh. Leave it out when the web application's refresh cookie carries it (then the request must come from the web application's origin).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

export class TokensDto {
  @ApiProperty({ description: 'JWT for the Authorization: Bearer header' })
  accessToken: string;

  @ApiProperty({ example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires (at most 900)' })
  expiresIn: number;

  @ApiPropertyOptional({
    description:
      'Single-use token for POST /auth/refresh. Absent when the request asked for the refresh cookie (X-Refresh-Transport: cookie): the token is then in an HttpOnly cookie for /auth/refresh and /auth/logout.',
  })
  refreshToken?: string;

  @ApiProperty()
  refreshTokenExpiresAt: string;

  @ApiPropertyOptional({
    description:
      'After a sign-in: keep it on this client and send it with later log-ins (deviceToken). Absent after a refresh.',
  })
  deviceToken?: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES })
  role: string;
  @ApiProperty({ enum: ['nl', 'fr', 'en'] }) locale: string;
  @ApiProperty({ type: [String], description: 'Organisations the user works for' })
  organisationIds: string[];
  @ApiProperty({
    description:
      'The role signs in with a second factor and this session has not passed one: set it up (POST /auth/mfa/enrol) before anything else',
  })
  secondFactorSetupRequired: boolean;
}

export class UpdateMeDto {
  @ApiProperty({
    enum: LOCALES,
    description: 'The language of the web application and of the e-mails the platform sends you',
  })
  @IsIn(LOCALES)
  locale: Locale;
}

export class MfaChallengeDto {
  @ApiProperty({ description: 'A second factor is needed: POST /auth/mfa/verify' })
  mfaRequired: true;

  @ApiProperty({ description: 'Single-use token for POST /auth/mfa/verify' })
  challengeToken: string;

  @ApiProperty()
  expiresAt: string;
}

export class MfaVerifyDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  challengeToken: string;

  @ApiPropertyOptional({
    description: 'Six-digit code of the authenticator app',
    example: '123456',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code?: string;

  @ApiPropertyOptional({
    description: 'One of the recovery codes, instead of a code',
    example: 'abcd-efgh-jkmn',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string;

  @ApiPropertyOptional(DEVICE_TOKEN_DOC)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  deviceToken?: string;
}

export class MfaConfirmDto {
  @ApiProperty({
    description: 'A current six-digit code of the newly set-up authenticator',
    example: '123456',
  })
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code: string;
}

export class MfaEnrolmentDto {
  @ApiProperty({ description: 'The TOTP secret (base32), for manual entry' }) secret: string;
  @ApiProperty({ description: 'otpauth:// URI, for a QR code' }) otpauthUri: string;
}

export class MfaConfirmedDto {
  @ApiProperty({ type: [String], description: 'Shown once: each works once instead of a code' })
  recoveryCodes: string[];

  @ApiProperty({
    type: TokensDto,
    description: 'A new session that passed the second factor; other sessions ended',
  })
  tokens: TokensDto;
}
