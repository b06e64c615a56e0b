import type { ApiArea } from "./area";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type StaffApi = ApiArea<{
  set_staff_roles: { returns: null };
}>;
