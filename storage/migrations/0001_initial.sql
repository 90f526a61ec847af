-- Waymark project file, format 1.
--
-- A .cjm file is this SQLite database. Every object of the journey map is a
-- row that a person can read with the sqlite3 shell; lists keep their order
-- in a position column (a touchpoint's place in its cell is ord). Foreign
-- keys are deferred because one edit rewrites several rows at once and the
-- file only has to be consistent when the edit is committed.

-- The project itself: always exactly one row. digest is a SHA-256 over the
-- whole project, written at save time, because SQLite keeps no checksum of
-- its own and a flipped bit in a title would otherwise open as other text.
CREATE TABLE project (
    id        TEXT NOT NULL PRIMARY KEY,
    name      TEXT NOT NULL,
    scale_min INTEGER NOT NULL,
    scale_max INTEGER NOT NULL,
    digest    TEXT NOT NULL
) STRICT;

-- Pictures kept inside the file, already re-encoded and size-capped.
CREATE TABLE image (
    id       TEXT NOT NULL PRIMARY KEY,
    position INTEGER NOT NULL,
    mime     TEXT NOT NULL,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    data     BLOB NOT NULL
) STRICT;

CREATE TABLE persona (
    id           TEXT NOT NULL PRIMARY KEY,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    quote        TEXT NOT NULL,
    goals        TEXT NOT NULL,
    frustrations TEXT NOT NULL,
    photo_id     TEXT REFERENCES image (id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE TABLE journey (
    id          TEXT NOT NULL PRIMARY KEY,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL
) STRICT;

-- The personas a journey is drawn for, in legend order.
CREATE TABLE journey_persona (
    journey_id TEXT NOT NULL REFERENCES journey (id) DEFERRABLE INITIALLY DEFERRED,
    persona_id TEXT NOT NULL REFERENCES persona (id) DEFERRABLE INITIALLY DEFERRED,
    position   INTEGER NOT NULL,
    PRIMARY KEY (journey_id, persona_id)
) STRICT;

-- Columns of a journey.
CREATE TABLE stage (
    id          TEXT NOT NULL PRIMARY KEY,
    journey_id  TEXT NOT NULL REFERENCES journey (id) DEFERRABLE INITIALLY DEFERRED,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    color       TEXT NOT NULL
) STRICT;
CREATE INDEX stage_journey ON stage (journey_id);

-- Rows of a journey.
CREATE TABLE lane (
    id         TEXT NOT NULL PRIMARY KEY,
    journey_id TEXT NOT NULL REFERENCES journey (id) DEFERRABLE INITIALLY DEFERRED,
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    hidden     INTEGER NOT NULL CHECK (hidden IN (0, 1))
) STRICT;
CREATE INDEX lane_journey ON lane (journey_id);

-- Cards. tags and evidence_links hold one entry per line. No secondary
-- indexes: measured on 10,000 cards they slowed saving and opening more than
-- they sped up the rare deletion of a whole stage, lane or journey.
CREATE TABLE touchpoint (
    id              TEXT NOT NULL PRIMARY KEY,
    journey_id      TEXT NOT NULL REFERENCES journey (id) DEFERRABLE INITIALLY DEFERRED,
    stage_id        TEXT NOT NULL REFERENCES stage (id) DEFERRABLE INITIALLY DEFERRED,
    lane_id         TEXT NOT NULL REFERENCES lane (id) DEFERRABLE INITIALLY DEFERRED,
    ord             INTEGER NOT NULL,
    title           TEXT NOT NULL,
    notes           TEXT NOT NULL,
    channel         TEXT NOT NULL,
    pain_point      INTEGER NOT NULL CHECK (pain_point IN (0, 1)),
    opportunity     INTEGER NOT NULL CHECK (opportunity IN (0, 1)),
    moment_of_truth INTEGER NOT NULL CHECK (moment_of_truth IN (0, 1)),
    owner           TEXT NOT NULL,
    tags            TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    evidence_links  TEXT NOT NULL,
    confidence      TEXT NOT NULL,
    color           TEXT NOT NULL,
    image_id        TEXT REFERENCES image (id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- One persona's score on one card. A persona with no row has not scored the
-- card, which is not the same as neutral. WITHOUT ROWID: the key is the row,
-- which halves the biggest table of a large map.
CREATE TABLE emotion (
    touchpoint_id TEXT NOT NULL REFERENCES touchpoint (id) DEFERRABLE INITIALLY DEFERRED,
    persona_id    TEXT NOT NULL REFERENCES persona (id) DEFERRABLE INITIALLY DEFERRED,
    score         INTEGER NOT NULL,
    PRIMARY KEY (touchpoint_id, persona_id)
) STRICT, WITHOUT ROWID;
