"""gunicorn settings for deployments that point gunicorn at a file: the settings themselves live
in the package (``linkhub/gunicorn_conf.py``) so an installed wheel has them too."""
from linkhub.gunicorn_conf import *  # noqa: F401,F403
