import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  getSchemaPath,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { Public } from '../../common/auth/public.decorator.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { AllowWithoutSecondFactor } from '../../common/auth/second-factor.decorator.js';
import { AuthService } from './auth.service.js';
import {
  ChangePasswordDto,
  LoginDto,
  MeDto,
  MfaChallengeDto,
  MfaConfirmDto,
  MfaConfirmedDto,
  MfaEnrolmentDto,
  MfaVerifyDto,
  RefreshDto,
  TokensDto,
} from './dto/auth.dto.js';
import { MfaService } from './mfa.service.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in with e-mail and password',
    description:
      'Accounts with a second factor get a challenge instead of tokens: complete it with POST /auth/mfa/verify.',
  })
  @ApiExtraModels(TokensDto, MfaChallengeDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokensDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  login(@Body() dto: LoginDto, @Req() request: Request): Promise<TokensDto | MfaChallengeDto> {
    return this.auth.login(dto, request.ip ?? 'unknown');
  }

  @Public()
  @Post('auth/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (single use; reuse ends the session)',
  })
  @ApiOkResponse({ type: TokensDto })
  refresh(@Body() dto: RefreshDto): Promise<TokensDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'End the session the refresh token belongs to' })
  @ApiNoContentResponse()
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @RequirePermission(Permission.OwnAccount)
  @Post('auth/password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change your password; every other session ends',
    description:
      'The current password is checked under the log-in limits: 10 attempts an hour per account, then 429 with Retry-After.',
  })
  @ApiNoContentResponse()
  changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: ChangePasswordDto,
    @Req() request: Request,
  ): Promise<void> {
    return this.auth.changePassword(user, dto, request.ip ?? 'unknown');
  }

  @RequirePermission(Permission.OwnAccount)
  @AllowWithoutSecondFactor()
  @Post('auth/mfa/enrol')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Start setting up the TOTP second factor: a secret for the authenticator app',
  })
  @ApiOkResponse({ type: MfaEnrolmentDto })
  enrol(@CurrentUser() user: AuthenticatedUser): Promise<MfaEnrolmentDto> {
    return this.mfa.enrol(user);
  }

  @RequirePermission(Permission.OwnAccount)
  @AllowWithoutSecondFactor()
  @Post('auth/mfa/confirm')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Activate the second factor with a first code; returns recovery codes once',
  })
  @ApiOkResponse({ type: MfaConfirmedDto })
  confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: MfaConfirmDto,
  ): Promise<MfaConfirmedDto> {
    return this.mfa.confirm(user, dto.code);
  }

  @Public()
  @Post('auth/mfa/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete a log-in with a TOTP code or a recovery code' })
  @ApiOkResponse({ type: TokensDto })
  verify(@Body() dto: MfaVerifyDto, @Req() request: Request): Promise<TokensDto> {
    return this.mfa.verify(dto, request.ip ?? 'unknown');
  }

  @RequirePermission(Permission.OwnAccount)
  @AllowWithoutSecondFactor()
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who you are signed in as' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<MeDto> {
    return this.auth.me(user);
  }
}
