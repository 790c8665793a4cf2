create table projects (
    id          text primary key,
    name        text not null,
    description text,
    status      text not null default 'active',
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table api_keys (
    id             text primary key,
    name           text not null,
    owner          text not null,
    -- SHA-256 of the whole key: keys carry ~173 random bits, so a slow password hash buys nothing
    secret_hash    bytea not null unique,
    display_prefix text not null,
    all_projects   boolean not null default false,
    project_ids    text[] not null,
    permissions    text[] not null,
    rate_limit_rpm integer not null,
    expires_at     timestamptz,
    status         text not null,
    last_used_at   timestamptz,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index api_keys_owner on api_keys (owner);

-- GCRA state per rate-limited subject (key or user), shared by every gateway replica.
-- Unlogged: losing it in a crash only resets the limits.
create unlogged table rate_limits (
    subject text primary key,
    tat_us  bigint not null
);
