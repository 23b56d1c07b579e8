#!/bin/sh
# The Littlest JupyterHub for the course: one fresh Ubuntu VM, up to a few dozen students.
# Run from a copy of the course repository, as a user who may sudo:   sh deploy/tljh/install.sh
# Memory: see the sizing table in book/instructors.md ("Running the class on your own JupyterHub").
# This script follows TLJH's documented installer and tljh-config; it has NOT been run on the machine the course
# is developed on (TLJH needs a whole VM with systemd). What was tested there is the same hub set-up on one
# machine (`make hub`, tests/test_hub.py): nbgitpuller links, course_pull, the pinned packages.
set -eu
INSTRUCTOR="${INSTRUCTOR:-instructor}"
MEMORY_LIMIT="${MEMORY_LIMIT:-1024M}"        # per student: limit_mb of tools/hub/sizing.py (deploy/hub_sizing.json)

# 1. TLJH itself, with the instructor as its admin (they set their password at first login)
curl -fsSL https://tljh.jupyter.org/bootstrap.py | sudo python3 - --admin "$INSTRUCTOR"

# 2. The students' packages, pinned as the course pins them; TLJH keeps its own JupyterHub, so that line is left out
grep -v '^jupyterhub==' deploy/z2jh/requirements.txt > /tmp/course-requirements.txt
sudo -E /opt/tljh/user/bin/pip install --no-cache-dir -r /tmp/course-requirements.txt

# 3. course_pull: after each nbgitpuller pull, a note above every cell where the student's edit was kept over
#    the instructor's change (tools/hub/course_pull.py)
SITE="$(/opt/tljh/user/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
sudo cp tools/hub/course_pull.py "$SITE/course_pull.py"
sudo mkdir -p /opt/tljh/user/etc/jupyter/jupyter_server_config.d
sudo cp deploy/z2jh/jupyter_server_config.json /opt/tljh/user/etc/jupyter/jupyter_server_config.d/course_pull.json
sudo cp deploy/tljh/course.py /opt/tljh/config/jupyterhub_config.d/course.py

# 4. Limits, idle culling, JupyterLab by default
sudo tljh-config set limits.memory "$MEMORY_LIMIT"
sudo tljh-config set services.cull.timeout 3600
sudo tljh-config set services.cull.every 300
sudo tljh-config set user_environment.default_app jupyterlab
sudo tljh-config reload
echo "TLJH is set up. Chapter links: https://<this VM>/hub/user-redirect/git-pull?repo=<learner branch repository>&branch=learner&urlpath=lab/tree/<repository name>/book/01_neuron.ipynb"
