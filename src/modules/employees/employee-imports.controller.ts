import { Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { PROBLEM_CONTENT_TYPE } from '../../common/errors/problem-details.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { PageQuery } from '../../common/http/page-query.js';
import { uuidParam } from '../../common/http/validation.js';
import { Expensive } from '../../common/request-limits/expensive.decorator.js';
import {
  EmployeeImportDto,
  EmployeeImportPageDto,
  StartImportQuery,
} from './dto/employee-import.dto.js';
import { EmployeeImportService } from './employee-import.service.js';
import { EMPLOYEE_CSV_COLUMNS } from './import/employee-csv.js';

/** The template's example, one value per column of EMPLOYEE_CSV_COLUMNS. */
const EXAMPLE_ROW = 'E-0001,An Peeters,1985,38,Teacher,standing|screen_work,Campus Noord';
const PROBLEM = {
  [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
};

@ApiTags('employees')
@ApiBearerAuth()
@Controller('employee-imports')
export class EmployeeImportsController {
  constructor(private readonly imports: EmployeeImportService) {}

  @RequirePermission(Permission.EmployeesManage)
  @Expensive()
  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Enrol many employees from a CSV file; processed in the background',
    description: `Columns (header row, any order, \`,\` or \`;\`): ${EMPLOYEE_CSV_COLUMNS.join(', ')}. physical_demands lists codes separated by \`|\`. Rows are keyed by employee_number: importing the same file again changes nothing. Follow progress and bad rows with GET /employee-imports/{id}. One import of an employer runs at a time.`,
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiAcceptedResponse({ type: EmployeeImportDto })
  @ApiConflictResponse({
    description:
      'import_in_progress: an earlier import of the employer is still queued or running; Retry-After says when to try again',
    content: PROBLEM,
  })
  @ApiUnsupportedMediaTypeResponse({
    description:
      'The file is not text the importer reads (a workbook, a PDF, an image, binary data, not UTF-8); nothing is stored',
    content: PROBLEM,
  })
  @ApiUnprocessableEntityResponse({
    description: 'The file is text but does not start with the header row; nothing is stored',
    content: PROBLEM,
  })
  start(
    @CurrentUser() user: AuthenticatedUser,
    @Req() request: Request,
    @Query() query: StartImportQuery,
  ): Promise<EmployeeImportDto> {
    return this.imports.start(user, request.body, query.fileName);
  }

  @RequirePermission(Permission.EmployeesManage)
  @Get()
  @ApiOperation({ summary: "Your employer's imports, newest first" })
  @ApiOkResponse({ type: EmployeeImportPageDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: PageQuery,
  ): Promise<EmployeeImportPageDto> {
    return this.imports.list(user, query);
  }

  @RequirePermission(Permission.EmployeesManage)
  @Get('template')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="employees-template.csv"')
  @ApiOperation({ summary: 'The CSV template: the header and one example row' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  template(): string {
    return `${EMPLOYEE_CSV_COLUMNS.join(',')}\n${EXAMPLE_ROW}\n`;
  }

  @RequirePermission(Permission.EmployeesManage)
  @Get(':id')
  @ApiOperation({ summary: 'Progress and report of one import: counts and every bad row' })
  @ApiOkResponse({ type: EmployeeImportDto })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<EmployeeImportDto> {
    return this.imports.get(user, id);
  }
}
