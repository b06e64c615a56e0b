/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type PrizeApi = Record<never, never>;
