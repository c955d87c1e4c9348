"""Work that runs in the background and is tracked in a row of its own (a report build, an
import): its state, progress and heartbeat (``models.TrackedJob``), the services a task calls
as it goes (``services``), and the sweeper that finds the jobs whose worker died
(``tasks.jobs_sweep``)."""
