import type { StaffRole } from "../organisations";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type StaffApi = {
  set_staff_roles: { args: { municipality_id: string; user_id: string; roles: StaffRole[] }; returns: null };
};
