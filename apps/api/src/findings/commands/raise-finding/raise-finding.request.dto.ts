import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsUUID, ValidateBy, ValidateIf } from 'class-validator';
import { AREAS, Area, SEVERITIES, Severity } from '@tracker/domain';
import { CalendarDate, EffectiveAt, OneOf, Text } from '../../../shared/validation';
import { EvidenceList, EvidenceRequest } from '../../evidence.request.dto';

/*
 * Exactly one of itemId and area. Neither is reported on itemId, both on area: a finding on
 * an item takes the item's area, so a second area could only disagree with it.
 */
const ItemId = () =>
  applyDecorators(
    ApiPropertyOptional({ type: String, format: 'uuid', description: 'the register item the finding is about; give this or area' }),
    ValidateIf((request: RaiseFindingRequest) => request.itemId !== undefined || request.area === undefined),
    IsDefined({ message: 'is required unless the finding is about a whole area (then give area instead)' }),
    IsUUID('all', { message: 'must be the id of a register item' }),
  );

const TargetArea = () =>
  applyDecorators(
    ApiPropertyOptional({ enum: AREAS, description: 'the area, where no single item is to blame; give this or itemId' }),
    ValidateIf((request: RaiseFindingRequest) => request.area !== undefined),
    ValidateBy({
      name: 'notWithItemId',
      validator: {
        validate: (_: unknown, args) => (args?.object as RaiseFindingRequest).itemId === undefined,
        defaultMessage: () => 'must not be given with itemId: a finding about an item is in that item’s area',
      },
    }),
    IsIn(AREAS, { message: `must be one of: ${AREAS.join(', ')}` }),
  );

export class RaiseFindingRequest {
  @ItemId()
  itemId?: string;

  @TargetArea()
  area?: Area;

  @Text(200, { example: 'No ELI received for the fostering team' })
  title!: string;

  @Text(5000, { description: 'what is wrong and why it matters' })
  description!: string;

  /** An open critical finding blocks go-live for what it touches. */
  @OneOf(SEVERITIES)
  severity!: Severity;

  @Text(200, { description: 'who is to put it right', example: 'Head of HR, Northshire County Council' })
  owner!: string;

  @CalendarDate({ description: 'when it should be put right', example: '2027-01-31' })
  dueDate!: string;

  @EvidenceList({ min: 0, optional: true, description: 'references to what was found, if any yet' })
  evidence?: EvidenceRequest[];

  @EffectiveAt()
  effectiveAt?: string;
}
