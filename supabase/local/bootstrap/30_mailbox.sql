-- The local stack's mailbox (what Inbucket/Mailpit is for `supabase start`). Not part of
-- hosted Supabase; no API role can reach it.
create schema if not exists local_mailbox;
revoke all on schema local_mailbox from public;

create table if not exists local_mailbox.messages (
  id bigserial primary key,
  recipient text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  sent_at timestamptz not null default now()
);
create index if not exists messages_recipient_idx on local_mailbox.messages (lower(recipient), id desc);
