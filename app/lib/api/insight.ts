/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type InsightApi = Record<never, never>;
