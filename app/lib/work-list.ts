import type { PluralKey } from "./i18n";
import { wordForStatus } from "./verification";

/** The kinds of work a municipality's staff see on their work list, in the order of the day. */
export type WorkTask =
  | { task: "organisations_to_verify"; count: number }
  | { task: "claims_to_decide"; count: number }
  /** Only for those with the anviser role (R13). */
  | { task: "claims_to_authorise"; count: number }
  | { task: "agreements_to_countersign"; count: number }
  | { task: "placements_without_attendance"; count: number }
  | { task: "nominations_to_screen"; count: number; round_id: string | null };

/** What `api.work_list` answers: the tasks with their counts and the person's e-mail settings. */
export type WorkList = {
  municipality: { id: string; name: string };
  tasks: WorkTask[];
  settings: { registration_mail: boolean };
};

/** How a task reads (a plural message for its count) and the filtered list it links to. */
export function taskLink(municipalityId: string, task: WorkTask): { message: PluralKey; to: string } {
  const base = `/kommune/${municipalityId}`;
  switch (task.task) {
    case "organisations_to_verify":
      return {
        message: "workList.organisationsToVerify",
        to: `${base}/organisasjoner?status=${wordForStatus.pending}`,
      };
    case "claims_to_decide":
      return { message: "workList.claimsToDecide", to: `${base}/refusjoner?status=submitted` };
    case "claims_to_authorise":
      return { message: "workList.claimsToAuthorise", to: `${base}/anvisning` };
    case "agreements_to_countersign":
      return { message: "workList.agreementsToCountersign", to: `${base}/avtaler?status=awaiting_municipality` };
    case "placements_without_attendance":
      return { message: "workList.placementsWithoutAttendance", to: `${base}/tiltak?vis=uten-oppmote` };
    case "nominations_to_screen":
      return {
        message: "workList.nominationsToScreen",
        to: task.round_id ? `${base}/pris/${task.round_id}/nominasjoner` : `${base}/pris`,
      };
  }
}
