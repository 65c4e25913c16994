import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH } from '../password-policy.js';

export class LoginDto {
  @ApiProperty({ example: 'hr@scholengroep.example' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last log-in or refresh' })
  @IsString()
  @MaxLength(200)
  refreshToken: string;
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

  @ApiProperty({ description: 'Single-use token for POST /auth/refresh' })
  refreshToken: string;

  @ApiProperty()
  refreshTokenExpiresAt: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['admin', 'hr', 'physio', 'occupational_doctor', 'employee', 'analyst'] })
  role: string;
  @ApiProperty({ enum: ['nl', 'fr', 'en'] }) locale: string;
  @ApiProperty({ type: [String], description: 'Organisations the user works for' })
  organisationIds: string[];
}
