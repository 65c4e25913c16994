import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Patch,
  Post,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiHeader,
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
import { SecretResponse } from '../../common/idempotency/secret-response.decorator.js';
import { AllowWithoutSecondFactor } from '../../common/auth/second-factor.decorator.js';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../config/config.module.js';
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
  PasswordResetDto,
  PasswordResetRequestDto,
  RefreshDto,
  TokensDto,
  UpdateMeDto,
} from './dto/auth.dto.js';
import { MfaService } from './mfa.service.js';
import {
  REFRESH_TRANSPORT_HEADER,
  RefreshCookieInterceptor,
  refreshTokenOf,
} from './refresh-cookie.js';

/** The routes that sign in: a browser asks for the refresh token in a cookie instead of the body. */
const RefreshTransport = () =>
  ApiHeader({
    name: REFRESH_TRANSPORT_HEADER,
    required: false,
    enum: ['cookie'],
    description:
      'cookie: the refresh token goes into an HttpOnly, Secure, SameSite=Strict cookie for /auth/refresh and /auth/logout, not into the body',
  });

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @SecretResponse()
  @Post('auth/login')
  @HttpCode(200)
  @UseInterceptors(RefreshCookieInterceptor)
  @RefreshTransport()
  @ApiOperation({
    summary: 'Log in with e-mail and password',
    description:
      'Accounts with a second factor get a challenge instead of tokens: complete it with POST /auth/mfa/verify, or send totpCode with the log-in. Keep the deviceToken of the answer and send it with later log-ins: a client the account knows is not held back by guesses from elsewhere.',
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
  @Post('auth/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password-reset link by e-mail',
    description:
      'The answer is the same whether or not the address has an account; the link goes to the account’s own address only (at most three an hour) and works once, for an hour.',
  })
  @ApiAcceptedResponse()
  async requestPasswordReset(
    @Body() dto: PasswordResetRequestDto,
    @Req() request: Request,
  ): Promise<void> {
    await this.auth.requestPasswordReset(dto.email, request.ip ?? 'unknown');
  }

  @Public()
  @SecretResponse()
  @Post('auth/password-reset/confirm')
  @HttpCode(200)
  @UseInterceptors(RefreshCookieInterceptor)
  @RefreshTransport()
  @ApiOperation({
    summary: 'Set a new password with the token of the password-reset e-mail, and sign in',
    description:
      'Every earlier session and known device ends. Accounts with a second factor get a challenge, as at log-in.',
  })
  @ApiExtraModels(TokensDto, MfaChallengeDto)
  @ApiOkResponse({
    schema: {
      oneOf: [{ $ref: getSchemaPath(TokensDto) }, { $ref: getSchemaPath(MfaChallengeDto) }],
    },
  })
  resetPassword(@Body() dto: PasswordResetDto): Promise<TokensDto | MfaChallengeDto> {
    return this.auth.resetPassword(dto);
  }

  @Public()
  @SecretResponse()
  @Post('auth/refresh')
  @HttpCode(200)
  @UseInterceptors(RefreshCookieInterceptor)
  @RefreshTransport()
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (single use; reuse ends the session)',
    description:
      "The token comes in the body, or in the web application's refresh cookie (then from its origin only, and the new token goes back into the cookie).",
  })
  @ApiOkResponse({ type: TokensDto })
  refresh(@Body() dto: RefreshDto, @Req() request: Request): Promise<TokensDto> {
    return this.auth.refresh(refreshTokenOf(request, dto.refreshToken, this.config).token);
  }

  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  @UseInterceptors(RefreshCookieInterceptor)
  @ApiOperation({
    summary: 'End the session the refresh token belongs to',
    description:
      "The token comes in the body or in the web application's refresh cookie, which is then removed.",
  })
  @ApiNoContentResponse()
  logout(@Body() dto: RefreshDto, @Req() request: Request): Promise<void> {
    return this.auth.logout(refreshTokenOf(request, dto.refreshToken, this.config).token);
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
  @SecretResponse()
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
  @SecretResponse()
  @Post('auth/mfa/confirm')
  @HttpCode(200)
  @UseInterceptors(RefreshCookieInterceptor)
  @RefreshTransport()
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
  @SecretResponse()
  @Post('auth/mfa/verify')
  @HttpCode(200)
  @UseInterceptors(RefreshCookieInterceptor)
  @RefreshTransport()
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

  @RequirePermission(Permission.OwnAccount)
  @AllowWithoutSecondFactor()
  @Patch('me')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change your own settings: the language of the web application and of your e-mails',
  })
  @ApiOkResponse({ type: MeDto })
  updateMe(@CurrentUser() user: AuthenticatedUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.auth.updateMe(user, dto);
  }
}
