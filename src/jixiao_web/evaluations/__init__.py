"""绩效自评: one evaluation per unit and year — revisions, workflow, review, comments, uploads, downloads."""
