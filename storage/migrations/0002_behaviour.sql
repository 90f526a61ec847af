-- Waymark project file, format 2: behaviour figures.
--
-- What an import of an event log found for a journey, as the compact JSON
-- of model.MarshalBehaviour (mapping, stage rules, a fingerprint of each
-- source, the figures): the latest import in slot 'current', the one
-- before in slot 'previous'. Figures only: never a raw event nor a
-- person's identifier, so a map with behaviour data is safe to share.
CREATE TABLE behaviour (
    journey_id TEXT NOT NULL REFERENCES journey (id) DEFERRABLE INITIALLY DEFERRED,
    slot       TEXT NOT NULL CHECK (slot IN ('current', 'previous')),
    figures    TEXT NOT NULL,
    PRIMARY KEY (journey_id, slot)
) STRICT;
