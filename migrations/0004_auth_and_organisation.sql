-- Who may use the API (users with hashed API keys and one role each) and the organisation the
-- admin endpoints manage: departments (职能部门), skills, queues and agents.

create table departments (
  -- The code tickets are dispatched to (and a department user's scope), e.g. 'housing'.
  id         text primary key check (id ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name       text not null unique check (length(name) between 1 and 200),
  active     boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table api_users (
  id            text primary key check (id ~ '^[A-Za-z0-9_.@-]{1,128}$'),
  name          text not null check (length(name) between 1 and 200),
  role          text not null check (role in ('agent', 'supervisor', 'admin', 'department', 'qa')),
  -- A department user acts only on tickets dispatched to this department.
  department_id text references departments (id),
  active        boolean not null default true,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  check ((role = 'department') = (department_id is not null))
);

-- Only the SHA-256 of a token is stored: a leaked table does not leak working keys.
create table api_keys (
  id           uuid primary key default gen_random_uuid(),
  user_id      text not null references api_users (id),
  token_sha256 text not null unique check (token_sha256 ~ '^[0-9a-f]{64}$'),
  label        text check (length(label) <= 200),
  created_at   timestamptz not null default now(),
  revoked_at   timestamptz
);
create index api_keys_user on api_keys (user_id);

-- Skills, queues and agents as @hotline/acd defines them (queueSchema, agentSchema): the admin
-- endpoints validate with those schemas and GET /admin/queue-config returns the whole QueueConfig.
create table skills (
  name        text primary key check (length(name) between 1 and 64 and name !~ '\s'),
  description text check (length(description) <= 500),
  created_at  timestamptz not null default now()
);

create table queues (
  id         text primary key,
  skill      text not null references skills (name),
  -- The QueueDefinition (ring timeout, max wait, overflow, capacity, wrap-up, policy).
  definition jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table agents (
  id         text primary key,
  seat       text not null unique,
  -- The API user the agent logs in with, when there is one.
  user_id    text unique references api_users (id),
  -- The AgentDefinition (name, seat, skills with levels 1..10, higher is better).
  definition jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
