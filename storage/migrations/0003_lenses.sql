-- Waymark project file, format 3: saved lenses, impact and effort.
--
-- A card's impact and effort rate a pain point or opportunity, 1 (least)
-- to 5; 0 is not rated, which every card of an older file is.
ALTER TABLE touchpoint ADD COLUMN impact INTEGER NOT NULL DEFAULT 0 CHECK (impact BETWEEN 0 AND 5);
ALTER TABLE touchpoint ADD COLUMN effort INTEGER NOT NULL DEFAULT 0 CHECK (effort BETWEEN 0 AND 5);

-- A journey's saved lenses (named views: which cards show, whose curve), in
-- the order of its lens menu, each as the compact JSON of model.MarshalLens.
CREATE TABLE lens (
    journey_id TEXT NOT NULL REFERENCES journey (id) DEFERRABLE INITIALLY DEFERRED,
    position   INTEGER NOT NULL,
    spec       TEXT NOT NULL,
    PRIMARY KEY (journey_id, position)
) STRICT;
