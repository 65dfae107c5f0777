import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { AREAS, Area, NoteTarget, assertNever } from '@tracker/domain';
import { EffectiveAt, OneOf, Text } from '../../../shared/validation';

/** Ids are UUIDs: anything else cannot name a thing, so it is refused by field rather than looked for. */
const IdOf = (noun: string, options: { optional?: boolean; description: string }) =>
  applyDecorators(
    ...(options.optional
      ? [IsOptional(), ApiPropertyOptional({ type: String, format: 'uuid', description: options.description })]
      : [IsDefined({ message: 'is required' }), ApiProperty({ type: String, format: 'uuid', description: options.description })]),
    IsUUID('all', { message: `must be the id of ${noun}` }),
  );

const NOTE_TARGET_KINDS: readonly NoteTarget['kind'][] = ['programme', 'area', 'item', 'finding'];

/** What every target says: its kind. An unknown kind is validated as this, so the user reads "kind must be one of…". */
export class NoteTargetRequest {
  @OneOf(NOTE_TARGET_KINDS, { description: 'what the note is about' })
  kind!: NoteTarget['kind'];
}

export class ProgrammeNoteTargetRequest extends NoteTargetRequest {
  declare kind: 'programme';
}

export class AreaNoteTargetRequest extends NoteTargetRequest {
  declare kind: 'area';

  @OneOf(AREAS, { description: 'the due-diligence area' })
  area!: Area;
}

export class ItemNoteTargetRequest extends NoteTargetRequest {
  declare kind: 'item';

  @IdOf('a register item', { description: 'the register item the note is about' })
  itemId!: string;
}

export class FindingNoteTargetRequest extends NoteTargetRequest {
  declare kind: 'finding';

  @IdOf('a finding', { description: 'the finding the note is about' })
  findingId!: string;
}

type AnyNoteTargetRequest = ProgrammeNoteTargetRequest | AreaNoteTargetRequest | ItemNoteTargetRequest | FindingNoteTargetRequest;
const TARGET_TYPES = [
  { name: 'programme', value: ProgrammeNoteTargetRequest },
  { name: 'area', value: AreaNoteTargetRequest },
  { name: 'item', value: ItemNoteTargetRequest },
  { name: 'finding', value: FindingNoteTargetRequest },
];

/**
 * The target's kind picks the class it is validated as, so each kind accepts only its own
 * field (an itemId on an area target is refused by name) and problems are named target.area etc.
 */
const NoteTargetField = () =>
  applyDecorators(
    ApiProperty({
      description: 'what the note is about: the programme, an area, a register item or a finding',
      oneOf: TARGET_TYPES.map(({ value }) => ({ $ref: getSchemaPath(value) })),
      discriminator: { propertyName: 'kind' },
    }),
    IsDefined({ message: 'is required' }),
    IsObject({ message: 'must be an object such as {"kind": "programme"}' }),
    ValidateNested(),
    Type(() => NoteTargetRequest, { discriminator: { property: 'kind', subTypes: TARGET_TYPES }, keepDiscriminatorProperty: true }),
  );

@ApiExtraModels(...TARGET_TYPES.map(({ value }) => value))
export class AddNoteRequest {
  @NoteTargetField()
  target!: AnyNoteTargetRequest;

  @Text(5000, { description: 'the note; notes are never changed, only amended by a later note' })
  text!: string;

  /** A correction is a new note pointing at the one it corrects; it is about what that note was about. */
  @IdOf('a note', { optional: true, description: 'the note this one corrects' })
  amends?: string;

  @EffectiveAt()
  effectiveAt?: string;
}

/** The target as the domain takes it: only the fields of its kind. */
export function noteTargetOf(target: AnyNoteTargetRequest): NoteTarget {
  switch (target.kind) {
    case 'programme':
      return { kind: 'programme' };
    case 'area':
      return { kind: 'area', area: target.area };
    case 'item':
      return { kind: 'item', itemId: target.itemId };
    case 'finding':
      return { kind: 'finding', findingId: target.findingId };
    default:
      return assertNever(target);
  }
}
