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
import { versionFromIfMatch } from '../../common/http/if-match.js';
import { PageQuery } from '../../common/http/page-query.js';
import { uuidParam } from '../../common/http/validation.js';
import {
  AccessLogPageDto,
  CreateEmployeeDto,
  DeactivateEmployeeDto,
  EmployeeDto,
  EmployeePageDto,
  ListEmployeesQuery,
  UpdateEmployeeDto,
} from './dto/employee.dto.js';
import { EmployeesService } from './employees.service.js';

@ApiTags('employees')
@ApiBearerAuth()
@Controller('employees')
export class EmployeesController {
  constructor(private readonly employees: EmployeesService) {}

  @RequirePermission(Permission.EmployeesManage)
  @Post()
  @ApiOperation({ summary: 'Enrol an employee of your employer' })
  @ApiCreatedResponse({ type: EmployeeDto })
  enrol(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: CreateEmployeeDto,
  ): Promise<EmployeeDto> {
    return this.employees.enrol(user, dto);
  }

  @RequirePermission(Permission.EmployeesRead)
  @Get()
  @ApiOperation({
    summary: 'Employees you may see; search by name or number, filter, page with the true total',
  })
  @ApiOkResponse({ type: EmployeePageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListEmployeesQuery,
  ): Promise<EmployeePageDto> {
    return this.employees.list(user, query);
  }

  @RequirePermission(Permission.EmployeesRead)
  @Get(':id')
  @ApiOperation({ summary: 'One employee; its ETag is the version to send as If-Match' })
  @ApiOkResponse({ type: EmployeeDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<EmployeeDto> {
    return this.employees.get(user, id);
  }

  @RequirePermission(Permission.EmployeesManage)
  @Patch(':id')
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag the employee was read with',
  })
  @ApiOperation({ summary: 'Change an employee (If-Match required; a stale version answers 412)' })
  @ApiOkResponse({ type: EmployeeDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateEmployeeDto,
  ): Promise<EmployeeDto> {
    return this.employees.update(user, id, versionFromIfMatch(ifMatch), dto);
  }

  @RequirePermission(Permission.EmployeesManage)
  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a leaver: kept for the record, gone from current lists' })
  @ApiOkResponse({ type: EmployeeDto })
  deactivate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: DeactivateEmployeeDto,
  ): Promise<EmployeeDto> {
    return this.employees.deactivate(user, id, dto.leftOn);
  }

  @RequirePermission(Permission.AccessLogRead)
  @Get(':id/access-log')
  @ApiOperation({
    summary: 'Who accessed this employee’s data (the employee, serving doctors, admins)',
  })
  @ApiOkResponse({ type: AccessLogPageDto })
  accessLog(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Query() page: PageQuery,
  ): Promise<AccessLogPageDto> {
    return this.employees.accessLog(user, id, page);
  }
}
