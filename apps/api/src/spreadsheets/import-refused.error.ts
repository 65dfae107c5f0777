import { HttpProblem } from '../shared/http-problem';
/** One thing wrong with a file: where (the spreadsheet's own row number and the column's header), what it held, and why. */
export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly problem: string;
}

/** The problems listed in full; beyond them only counted, so a hostile file cannot make an answer of millions. */
export const MAX_LISTED_PROBLEMS = 1_000;
/** A cell is quoted back this far and no further: a 10 MB cell is not echoed. */
export const MAX_QUOTED_CHARACTERS = 200;

/** Keeps the first problems a file has and counts the rest. */
export class ProblemList {
  readonly listed: ImportProblem[] = [];
  private count = 0;

  push(...problems: ImportProblem[]): void {
    for (const problem of problems) {
      this.count++;
      if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push({ ...problem, value: quoted(problem.value) });
    }
  }

  /** The list a worker thread found, whose problems beyond `listed` were only counted. */
  static of(listed: readonly ImportProblem[], total: number): ProblemList {
    const list = new ProblemList();
    list.listed.push(...listed);
    list.count = Math.max(total, listed.length);
    return list;
  }

  /** Every problem found, listed or not. */
  get length(): number {
    return this.count;
  }
}

function quoted(value: string): string {
  return [...value].length <= MAX_QUOTED_CHARACTERS ? value : `${[...value].slice(0, MAX_QUOTED_CHARACTERS).join('')}… (${value.length.toLocaleString('en-GB')} characters)`;
}

/** A file whose rows cannot all be recorded: its problems (the first {@link MAX_LISTED_PROBLEMS}), how many in all, and nothing recorded. */
export class ImportRefusedError extends HttpProblem {
  readonly status = 422;
  readonly code = 'IMPORT_REFUSED';
  readonly problems: readonly ImportProblem[];
  readonly totalProblems: number;

  constructor(problems: ProblemList | readonly ImportProblem[]) {
    const list = problems instanceof ProblemList ? problems : toList(problems);
    const total = list.length;
    const shown = list.listed.length < total ? `; the first ${list.listed.length.toLocaleString('en-GB')} are listed` : '';
    super(`${total === 1 ? 'One problem' : `${total.toLocaleString('en-GB')} problems`} in the file${shown}; nothing was recorded.`);
    this.name = 'ImportRefusedError';
    this.problems = list.listed;
    this.totalProblems = total;
  }

  /** Its problems by row and column (the first 1,000), and how many in all. */
  override body() {
    return { ...super.body(), problems: this.problems, totalProblems: this.totalProblems };
  }
}

function toList(problems: readonly ImportProblem[]): ProblemList {
  const list = new ProblemList();
  list.push(...problems);
  return list;
}
