import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { Public } from '../../common/auth/public.decorator.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import {
  AcceptInvitationDto,
  AccountEventPageDto,
  ChangeRoleDto,
  InvitationDto,
  InvitedUserDto,
  InviteUserDto,
  ListAccountEventsQuery,
  ListUsersQuery,
  UserDto,
  UserPageDto,
} from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RequirePermission(Permission.UsersManage)
  @Post('users')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Invite an account; the invitation link goes by e-mail to the invited address only',
    description:
      'Admins invite HR, employee, analyst, admin and manager accounts; HR the HR and employee accounts of its own employer; a manager the accounts of its own practice or service, physiotherapists and occupational doctors with their professional registration.',
  })
  @ApiCreatedResponse({ type: InvitedUserDto })
  invite(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: InviteUserDto,
  ): Promise<InvitedUserDto> {
    return this.users.invite(user, dto);
  }

  @RequirePermission(Permission.UsersManage)
  @Post('users/:id/invitation')
  @HttpCode(202)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Send an invited account a new invitation link by e-mail; the earlier link stops working',
  })
  @ApiAcceptedResponse({ type: InvitationDto })
  resendInvitation(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<InvitationDto> {
    return this.users.resendInvitation(user, id);
  }

  @RequirePermission(Permission.AccountEventsRead)
  @Get('account-events')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Account events with their actor: invitations, activations, role changes, disabling, password resets (admins: all; a manager: its organisation)',
  })
  @ApiOkResponse({ type: AccountEventPageDto })
  accountEvents(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListAccountEventsQuery,
  ): Promise<AccountEventPageDto> {
    return this.users.accountEvents(user, query);
  }

  @Public()
  @Post('auth/invitations/accept')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Set your first password with the token of the invitation e-mail (single use, 7 days, the newest link only)',
  })
  @ApiNoContentResponse()
  accept(@Body() dto: AcceptInvitationDto): Promise<void> {
    return this.users.acceptInvitation(dto);
  }

  @RequirePermission(Permission.UsersManage)
  @Get('users')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Accounts you manage, a page at a time with the true total' })
  @ApiOkResponse({ type: UserPageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListUsersQuery,
  ): Promise<UserPageDto> {
    return this.users.list(user, query);
  }

  @RequirePermission(Permission.UsersManage)
  @Get('users/:id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One account you manage' })
  @ApiOkResponse({ type: UserDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<UserDto> {
    return this.users.get(user, id);
  }

  @RequirePermission(Permission.UsersManage)
  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Disable an account; it is refused from its next request on' })
  @ApiOkResponse({ type: UserDto })
  disable(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<UserDto> {
    return this.users.disable(user, id);
  }

  @RequirePermission(Permission.RolesManage)
  @Patch('users/:id/role')
  @ApiBearerAuth()
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag the account was read with',
  })
  @ApiOperation({ summary: 'Change an account’s role; it applies from the next request on' })
  @ApiOkResponse({ type: UserDto })
  changeRole(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: ChangeRoleDto,
  ): Promise<UserDto> {
    return this.users.changeRole(user, id, versionFromIfMatch(ifMatch), dto.role);
  }
}
