-- Waymark project file, format 4: owners and review dates, when each card
-- last changed, and named versions of the whole project.
--
-- A journey's owner (free text) and the day it is due for review, written
-- YYYY-MM-DD; '' is none, which every journey of an older file has.
ALTER TABLE journey ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE journey ADD COLUMN review_by TEXT NOT NULL DEFAULT '';
-- When a card last changed, RFC 3339 in UTC to the second; '' is unknown.
ALTER TABLE touchpoint ADD COLUMN changed TEXT NOT NULL DEFAULT '';

-- Named versions of the project, oldest first: each is the project as the
-- lossless JSON of model.EncodeJSON, and size is that JSON's length, which
-- reading enforces. data is one zstd frame of that JSON, declaring its
-- size: with base 0, compressed on its own; otherwise compressed with
-- version base's JSON as a raw dictionary (as `zstd --patch-from` does).
-- checksum is the SHA-256 of the JSON, in lowercase hex, which decoding
-- verifies. Only the metadata is read when a file opens (the file's digest
-- covers it); a version is decompressed and checked when it is asked for.
CREATE TABLE version (
    seq      INTEGER PRIMARY KEY CHECK (seq >= 1),
    name     TEXT NOT NULL,
    note     TEXT NOT NULL,
    author   TEXT NOT NULL,
    created  TEXT NOT NULL,
    summary  TEXT NOT NULL,
    size     INTEGER NOT NULL CHECK (size >= 0),
    base     INTEGER NOT NULL CHECK (base >= 0 AND base < seq),
    checksum TEXT NOT NULL,
    data     BLOB NOT NULL
) STRICT;
