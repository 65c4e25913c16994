import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccountLinksModule } from './account-links.module.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { MfaService } from './mfa.service.js';
import { RefreshTokenService } from './refresh-token.service.js';
import { SessionTokensService } from './session-tokens.service.js';
import { TrustedDevicesService } from './trusted-devices.service.js';
import { UserStore } from './user.store.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [JwtModule.register({}), AccountLinksModule],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    MfaService,
    SessionTokensService,
    RefreshTokenService,
    LoginThrottleService,
    UsersService,
    UserStore,
    TrustedDevicesService,
  ],
  exports: [AuthService],
})
export class IdentityModule {}
