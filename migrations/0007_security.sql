-- Security (issue 8): API keys expire, and the audit trails are append-only for everyone the
-- database lets the service be.

-- Every key has an end (API_KEY_TTL_DAYS from its issue); keys issued before this migration get
-- the default lifetime, 90 days from their creation. ADMIN_TOKEN's key is renewed at each start.
alter table api_keys add column expires_at timestamptz;
update api_keys set expires_at = created_at + interval '90 days';
alter table api_keys alter column expires_at set not null;

-- Who listened to which recording, and each ticket's history, are evidence: nobody rewrites them.
-- The triggers hold for every role, the table owner and superusers included (short of disabling
-- triggers); ticket_history's row trigger is in 0005, this adds the rest.
create function refuse_append_only_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only (% refused)', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end $$;

create trigger recording_access_audit_append_only before update or delete on recording_access_audit
  for each row execute function refuse_append_only_change();
create trigger recording_access_audit_no_truncate before truncate on recording_access_audit
  for each statement execute function refuse_append_only_change();
create trigger ticket_history_no_truncate before truncate on ticket_history
  for each statement execute function refuse_append_only_change();

-- And no grant to change them: not to PUBLIC, and not to the role running the migrations, which
-- owns the tables and is the service's role (DATABASE_URL). An owner may revoke its own
-- privileges; a superuser bypasses grants, which is why the triggers above exist too.
revoke update, delete, truncate on recording_access_audit, ticket_history from public;
revoke update, delete, truncate on recording_access_audit, ticket_history from current_user;
