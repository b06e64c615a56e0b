import type { Ref } from "../organisations";

/** An e-mail the outbox has not delivered yet, as the municipality's admins see it. */
export type UndeliveredMail = {
  id: number;
  created_at: string;
  recipient: string;
  template: string;
  attempts: number;
  last_attempt_at: string | null;
  last_error: string | null;
  next_attempt_at: string;
};

/** The `api` functions of one area, with their arguments and results (see ApiFunctions). */
export type MailApi = {
  undelivered_mail: { args: { municipality_id: string }; returns: { municipality: Ref; messages: UndeliveredMail[] } };
  retry_mail: { args: { municipality_id: string; message_id?: number | null }; returns: number };
};
