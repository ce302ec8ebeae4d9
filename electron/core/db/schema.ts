// Migrations are append-only: a released user_version must never change meaning.
// Each entry moves the database from version (index) to version (index + 1).
export const migrations: readonly string[] = [
  /* 0 -> 1: the whole first schema */ `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL              -- JSON
  );

  -- A file id is random and lives here, so it survives RenameFile, a restart and a rename of a parent folder.
  CREATE TABLE files (
    id               TEXT PRIMARY KEY,
    root             TEXT NOT NULL,          -- realpath of the served folder: ids never cross to another root
    rel_path         TEXT NOT NULL,          -- '/'-separated, relative to the served root
    version          INTEGER NOT NULL,       -- bumped on every change we make or observe; never reused
    size             INTEGER NOT NULL,
    mtime_ns         TEXT NOT NULL,          -- as last seen on disk (bigint as text)
    ino              TEXT NOT NULL,
    last_modified    TEXT NOT NULL,          -- ISO 8601 given to editors; strictly increases per version
    owner_id         TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    deleted_at       INTEGER                 -- moved to trash
  );
  -- One live id per path; rows of deleted files keep their old path for the trash.
  CREATE UNIQUE INDEX files_live_path ON files(root, rel_path) WHERE deleted_at IS NULL;

  CREATE TABLE tokens (
    hash        TEXT PRIMARY KEY,            -- sha256 of the token; the token itself is never stored
    file_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    can_write   INTEGER NOT NULL,
    app_id      TEXT,                        -- set when a session was opened with an app: its proof keys apply
    session_id  TEXT,
    expires_at  INTEGER NOT NULL,            -- ms since epoch
    created_at  INTEGER NOT NULL
  );
  CREATE INDEX tokens_expiry ON tokens(expires_at);

  CREATE TABLE locks (
    file_id      TEXT PRIMARY KEY,
    lock_id      TEXT NOT NULL,
    expires_at   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    refreshed_at INTEGER NOT NULL,
    user_id      TEXT,
    client       TEXT,                       -- which editor took it, for the Files page
    owner_file   TEXT                        -- rel path of the desktop lock file we wrote, if any
  );

  CREATE TABLE user_info (
    user_id TEXT PRIMARY KEY,
    info    TEXT NOT NULL
  );

  CREATE TABLE versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id     TEXT NOT NULL,
    version     INTEGER NOT NULL,            -- the files.version these bytes had
    rel_path    TEXT NOT NULL,               -- the name the file had then
    store_path  TEXT NOT NULL,               -- relative to the data directory
    size        INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    reason      TEXT NOT NULL                -- 'put-file' | 'overwrite' | 'restore' | 'conflict'
  );
  CREATE INDEX versions_file ON versions(file_id, id);

  CREATE TABLE trash (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id     TEXT NOT NULL,
    rel_path    TEXT NOT NULL,
    store_path  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    deleted_at  INTEGER NOT NULL
  );

  CREATE TABLE endpoints (
    id              TEXT PRIMARY KEY,
    discovery_url   TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,           -- 'collabora' | 'onlyoffice' | 'office' | 'builtin' | 'unknown'
    enabled         INTEGER NOT NULL DEFAULT 1,
    insecure_tls    INTEGER NOT NULL DEFAULT 0,
    zone            TEXT NOT NULL,           -- chosen net-zone
    zone_is_manual  INTEGER NOT NULL DEFAULT 0,
    zones           TEXT NOT NULL,           -- JSON array of zone names in the document
    proof_keys      TEXT,                    -- JSON, null when the editor publishes none
    raw_xml         TEXT NOT NULL,
    fetched_at      INTEGER NOT NULL,
    last_attempt_at INTEGER,
    last_error      TEXT,
    notes           TEXT NOT NULL DEFAULT '[]',  -- JSON array of plain sentences from the last import/refresh
    created_at      INTEGER NOT NULL
  );

  CREATE TABLE apps (
    id               TEXT PRIMARY KEY,
    endpoint_id      TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
    discovered_name  TEXT NOT NULL,          -- the lookup key; admin edits live beside it
    display_name     TEXT,                   -- admin override
    fav_icon_url     TEXT,
    icon_file        TEXT,                   -- downloaded discovered icon, relative to the data directory
    custom_icon_file TEXT,                   -- admin upload, relative to the data directory
    enabled          INTEGER NOT NULL DEFAULT 1,
    present          INTEGER NOT NULL DEFAULT 1,  -- 0 when the last refresh no longer listed it
    mime_types       TEXT NOT NULL DEFAULT '[]',  -- JSON: MIME-type apps of the discovery folded into this app
    sort_order       INTEGER NOT NULL DEFAULT 0,  -- position in the discovery document
    UNIQUE (endpoint_id, discovered_name)
  );

  CREATE TABLE actions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id      TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    zone        TEXT NOT NULL,
    name        TEXT NOT NULL,
    ext         TEXT NOT NULL,               -- lower case, no dot, '' for MIME-type apps
    progid      TEXT,
    requires    TEXT NOT NULL DEFAULT '',
    is_default  INTEGER NOT NULL DEFAULT 0,
    urlsrc      TEXT NOT NULL,
    targetext   TEXT,
    newext      TEXT,
    newprogid   TEXT,
    use_parent  INTEGER NOT NULL DEFAULT 0,
    mime_type   TEXT                         -- set when the ext was derived from a MIME-type app
  );
  CREATE INDEX actions_app ON actions(app_id);
  CREATE INDEX actions_ext ON actions(ext);

  CREATE TABLE ext_defaults (
    ext     TEXT PRIMARY KEY,
    app_id  TEXT NOT NULL REFERENCES apps(id) ON DELETE CASCADE
  );

  CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    file_id      TEXT NOT NULL,
    app_id       TEXT,
    action       TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    action_url   TEXT NOT NULL,              -- editor URL without token (the token only ever travels in the form POST)
    user_id      TEXT NOT NULL,
    can_write    INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    closed_at    INTEGER
  );

  -- Bounded ring of served WOPI requests. Tokens and proof material are never stored here.
  CREATE TABLE requests (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    ts             INTEGER NOT NULL,
    operation      TEXT NOT NULL,
    method         TEXT NOT NULL,
    file_id        TEXT,
    file_name      TEXT,
    user_id        TEXT,
    session_id     TEXT,
    wopi_session   TEXT,                     -- X-WOPI-SessionId
    correlation_id TEXT,
    client         TEXT,
    status         INTEGER NOT NULL,
    duration_ms    REAL NOT NULL,
    lock_id        TEXT,
    old_lock_id    TEXT,
    proof          TEXT,                     -- 'none' | 'current' | 'old-proof' | 'old-key' | 'failed: ...'
    error          TEXT,
    details        TEXT                      -- JSON of further redacted facts
  );
  CREATE INDEX requests_ts ON requests(ts);
  CREATE INDEX requests_file ON requests(file_id, id);
  CREATE INDEX requests_session ON requests(session_id, id);

  -- Connection doctor runs (redacted DoctorReport JSON), newest last; a few are kept for 'doctor:last'.
  CREATE TABLE doctor_runs (
    run_id       TEXT PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    endpoint_id  TEXT,                       -- the run was limited to this editor; NULL = everything
    report       TEXT NOT NULL               -- JSON DoctorReport, already redacted
  );
  CREATE INDEX doctor_runs_finished ON doctor_runs(finished_at);

  CREATE TABLE runtime (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );
`,
]
