import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isCalendarDate } from '../../common/http/calendar-date.js';
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { uuidParam } from '../../common/http/validation.js';
import {
  CreateOrganisationDto,
  CreateServiceContractDto,
  HeadcountDto,
  ListOrganisationsQuery,
  OrganisationDto,
  OrganisationPageDto,
  PutHeadcountDto,
  ServiceContractDto,
  UpdateOrganisationDto,
} from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller()
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @RequirePermission(Permission.OrganisationsRead)
  @Get('organisations')
  @ApiOperation({ summary: 'Organisations you may see, a page at a time with the true total' })
  @ApiOkResponse({ type: OrganisationPageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListOrganisationsQuery,
  ): Promise<OrganisationPageDto> {
    return this.organisations.list(user, query);
  }

  @RequirePermission(Permission.OrganisationsRead)
  @Get('organisations/:id')
  @ApiOperation({ summary: 'One organisation; its ETag is the version to send as If-Match' })
  @ApiOkResponse({ type: OrganisationDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<OrganisationDto> {
    return this.organisations.get(user, id);
  }

  @RequirePermission(Permission.OrganisationsManage)
  @Post('organisations')
  @ApiOperation({ summary: 'Create an employer (with its NACE code), practice or health service' })
  @ApiCreatedResponse({ type: OrganisationDto })
  create(@Body() dto: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.create(dto);
  }

  @RequirePermission(Permission.OrganisationsManage)
  @Patch('organisations/:id')
  @ApiOperation({
    summary: 'Change an organisation (If-Match required; a stale version answers 412)',
  })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag the organisation was read with',
  })
  @ApiOkResponse({ type: OrganisationDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateOrganisationDto,
  ): Promise<OrganisationDto> {
    return this.organisations.update(user, id, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.OrganisationsRead)
  @Get('organisations/:id/headcount')
  @ApiOperation({ summary: 'Monthly headcount in FTE of an employer' })
  @ApiOkResponse({ type: [HeadcountDto] })
  listHeadcount(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<HeadcountDto[]> {
    return this.organisations.listHeadcount(user, id);
  }

  @RequirePermission(Permission.HeadcountWrite)
  @Put('organisations/:id/headcount/:month')
  @ApiOperation({ summary: 'Record the average headcount in FTE of one month (YYYY-MM-01)' })
  @ApiOkResponse({ type: HeadcountDto })
  putHeadcount(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('month') month: string,
    @Body() dto: PutHeadcountDto,
  ): Promise<HeadcountDto> {
    if (!isCalendarDate(month) || !month.endsWith('-01')) {
      throw new DomainError('validation_failed', 'Some fields are invalid.', {
        errors: [
          { field: 'month', message: 'month must be the first day of a month (YYYY-MM-01)' },
        ],
      });
    }
    return this.organisations.putHeadcount(user, id, month, dto.fte);
  }

  @RequirePermission(Permission.ServiceContractsRead)
  @Get('service-contracts')
  @ApiOperation({ summary: 'Service contracts: all for admins, your own service’s for doctors' })
  @ApiOkResponse({ type: [ServiceContractDto] })
  listContracts(@CurrentUser() user: AuthenticatedUser): Promise<ServiceContractDto[]> {
    return this.organisations.listContracts(user);
  }

  @RequirePermission(Permission.ServiceContractsManage)
  @Post('service-contracts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Let a health service serve an employer from a date (to a date)' })
  @ApiCreatedResponse({ type: ServiceContractDto })
  createContract(@Body() dto: CreateServiceContractDto): Promise<ServiceContractDto> {
    return this.organisations.createContract(dto);
  }
}
