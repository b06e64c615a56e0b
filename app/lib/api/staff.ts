import type { StaffRole } from "../organisations";
import type { WorkList } from "../work-list";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type StaffApi = {
  set_staff_roles: { args: { municipality_id: string; user_id: string; roles: StaffRole[] }; returns: null };
  work_list: { args: { municipality_id: string }; returns: WorkList };
  set_staff_settings: { args: { municipality_id: string; registration_mail: boolean }; returns: null };
};
