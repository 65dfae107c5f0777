import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { AREAS, Area } from '@tracker/domain';
import { OneOf, Text } from '../../../shared/validation';

/** Enough for every item of a very large programme to be handed over in one closure. */
const MAX_HANDOVERS = 10_000;

/** What the closure's review says about one area. */
export class AreaLessonsRequest {
  @OneOf(AREAS)
  area!: Area;

  @Text(5000, { optional: true, description: 'what went well in this area' })
  wentWell?: string;

  @Text(5000, { optional: true, description: 'what did not go well, and what to do differently' })
  didNotGoWell?: string;
}

/** Something outstanding (an item's or finding's id, as the closure page lists them) and who carries it on. */
export class HandoverRequest {
  @Text(100, { description: 'the id of the item, or finding, still outstanding' })
  id!: string;

  @Text(200, { description: 'the named owner outside the programme who carries it on (a role or team)' })
  to!: string;
}

/** A list of objects of one kind, left out or checked each; null is refused like any other value. */
const ListOf = (max: number, noun: string, type: () => new () => object) =>
  applyDecorators(
    ValidateIf((_: object, value: unknown) => value !== undefined),
    IsArray({ message: `must be a list of ${noun}s` }),
    ArrayMaxSize(max, { message: `must list at most ${max.toLocaleString('en-GB')} ${noun}s` }),
    IsObject({ each: true, message: `must list each ${noun} as an object` }),
    ValidateNested({ each: true }),
    Type(type),
  );

/**
 * Closing a programme. One that went live closes with its review: lessons by area, how the exit
 * strategy was checked, and whatever is still outstanding handed over (the domain says which).
 */
export class CloseProgrammeRequest {
  @Text(2000, { description: 'why the programme is closed (handed over after go-live, or stopped)' })
  note!: string;

  @ApiPropertyOptional({ type: [AreaLessonsRequest], description: 'after go-live, at least one area: what went well, what did not' })
  @ListOf(AREAS.length, 'area lesson', () => AreaLessonsRequest)
  lessons?: AreaLessonsRequest[];

  @Text(5000, { optional: true, description: 'after go-live: how the exit strategy was checked' })
  exitStrategy?: string;

  @ApiPropertyOptional({ type: [HandoverRequest], description: 'after go-live: each thing still outstanding, and who carries it on' })
  @ListOf(MAX_HANDOVERS, 'handover', () => HandoverRequest)
  handovers?: HandoverRequest[];
}
