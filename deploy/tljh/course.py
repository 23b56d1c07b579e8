# Extra JupyterHub configuration for TLJH (copied to /opt/tljh/config/jupyterhub_config.d/ by install.sh).
c = get_config()  # noqa: F821
# nbgitpuller clones the whole learner branch: course_pull compares the versions a pull merged
c.Spawner.environment = {"NBGITPULLER_DEPTH": "0"}
# a bookmarked chapter link starts a stopped server instead of showing a "Launch server" page
c.JupyterHub.implicit_spawn_seconds = 1
