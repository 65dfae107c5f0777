import type { SeenHead, TabledBoardPack } from '@tracker/domain';

/**
 * The board pack as tabled at a decision: printed over exactly the chain head the board decided
 * against. A port the decisions module asks for and the web module (which renders pages and prints
 * PDFs) provides, so decisions do not depend on pages.
 */
export interface BoardPackTabler {
  table(programmeId: string, head: SeenHead): Promise<{
    readonly bytes: Buffer;
    readonly mediaType: TabledBoardPack['mediaType'];
    /** Why no PDF could be printed, when the printable page was kept instead. */
    readonly unavailable?: string;
  }>;
}

export const BOARD_PACK_TABLER = Symbol('BOARD_PACK_TABLER');
