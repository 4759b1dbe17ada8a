import { z } from "zod";

/**
 * Ids echoed back by cards are only lookup keys, but they still go no further than this unless they
 * have the shape we issue: our round ids, and Teams team (board) ids.
 */
export const roundIdSchema = z.string().regex(/^r\d{8}-[0-9a-f]{8}$/, "is not a round id");
export const boardIdSchema = z.string().max(200).regex(/^19:[A-Za-z0-9_.\-]+@thread\.[a-z0-9]+$/, "is not a Teams team id");

export const roundRefShape = { roundId: roundIdSchema, boardId: boardIdSchema };
