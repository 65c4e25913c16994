import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser } from '../../common/auth/authenticated-user.js';
import { Permission } from '../../common/auth/permissions.js';
import { RequirePermission } from '../../common/auth/require-permission.decorator.js';
import { uuidParam } from '../../common/http/validation.js';
import {
  AssignQuestionnaireDto,
  OwnQuestionnaireDto,
  OwnQuestionnaireSubmittedDto,
  QuestionnaireAssignmentDto,
  SubmitOwnQuestionnaireDto,
} from './dto/questionnaire-assignment.dto.js';
import { QuestionnaireAssignmentsService } from './questionnaire-assignments.service.js';

@ApiTags('questionnaires')
@ApiBearerAuth()
@Controller()
export class QuestionnaireAssignmentsController {
  constructor(private readonly assignments: QuestionnaireAssignmentsService) {}

  @RequirePermission(Permission.QuestionnairesWrite)
  @Post('episodes/:id/questionnaire-assignments')
  @ApiOperation({
    summary: 'Ask the employee to fill in an instrument themself; they are notified (audited)',
  })
  @ApiCreatedResponse({ type: QuestionnaireAssignmentDto })
  assign(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Body() dto: AssignQuestionnaireDto,
  ): Promise<QuestionnaireAssignmentDto> {
    return this.assignments.assign(user, id, dto);
  }

  @RequirePermission(Permission.QuestionnairesRead)
  @Get('episodes/:id/questionnaire-assignments')
  @ApiOperation({ summary: "The episode's assigned instruments and their status (care team)" })
  @ApiOkResponse({ type: [QuestionnaireAssignmentDto] })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
  ): Promise<QuestionnaireAssignmentDto[]> {
    return this.assignments.list(user, id);
  }

  @RequirePermission(Permission.QuestionnairesWrite)
  @Delete('episodes/:id/questionnaire-assignments/:assignmentId')
  @ApiOperation({ summary: 'Withdraw an instrument the employee has not filled in yet' })
  @ApiOkResponse({ type: QuestionnaireAssignmentDto })
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', uuidParam('id')) id: string,
    @Param('assignmentId', uuidParam('assignmentId')) assignmentId: string,
  ): Promise<QuestionnaireAssignmentDto> {
    return this.assignments.cancel(user, id, assignmentId);
  }

  @RequirePermission(Permission.OwnQuestionnaires)
  @Get('me/questionnaires')
  @ApiOperation({ summary: 'My questionnaires to fill in, with their items' })
  @ApiOkResponse({ type: [OwnQuestionnaireDto] })
  own(@CurrentUser() user: AuthenticatedUser): Promise<OwnQuestionnaireDto[]> {
    return this.assignments.own(user);
  }

  @RequirePermission(Permission.OwnQuestionnaires)
  @Post('me/questionnaires/:assignmentId')
  @ApiOperation({ summary: 'Send my answers to a questionnaire the care team asked me to fill in' })
  @ApiCreatedResponse({ type: OwnQuestionnaireSubmittedDto })
  submit(
    @CurrentUser() user: AuthenticatedUser,
    @Param('assignmentId', uuidParam('assignmentId')) assignmentId: string,
    @Body() dto: SubmitOwnQuestionnaireDto,
  ): Promise<OwnQuestionnaireSubmittedDto> {
    return this.assignments.submitOwn(user, assignmentId, dto);
  }
}
