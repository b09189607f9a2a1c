-- Temporal keeps its own databases beside the application's; auto-setup creates their schemas.
CREATE DATABASE temporal OWNER filing;
CREATE DATABASE temporal_visibility OWNER filing;
