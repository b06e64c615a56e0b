import type { MunicipalitySettings } from "../claims";
import type { WorkList } from "../work-list";
import type { ApiArea } from "./area";

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type StaffApi = ApiArea<{
  set_staff_roles: { returns: null };
  municipality_settings: { returns: MunicipalitySettings };
  save_municipality_settings: { returns: null };
  work_list: { returns: WorkList };
  set_staff_settings: { returns: null };
}>;
