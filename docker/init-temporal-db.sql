-- Temporal keeps its own databases beside the application's; the temporal-schema job creates their tables.
CREATE DATABASE temporal OWNER filing;
CREATE DATABASE temporal_visibility OWNER filing;
